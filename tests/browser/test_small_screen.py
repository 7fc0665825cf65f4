"""On a 375 px wide phone the register and a notice fit: no scrolling sideways."""

import pytest

_OVERFLOW = """() => {
  const width = window.innerWidth;
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 0.5 && box.width > 0) {
      const classes = typeof el.className === 'string' && el.className.trim()
        ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
      const id = el.id ? '#' + el.id : '';
      wide.push(`${el.tagName.toLowerCase()}${id}${classes} right=${Math.round(box.right)}`);
    }
  }
  const scrollWidth = document.documentElement.scrollWidth;
  return {scrollWidth, innerWidth: width, wide: wide.slice(0, 15)};
}"""


@pytest.mark.parametrize("path", ["/decisions/", "/decisions/wmpcc-2012-001/"])
def test_no_horizontal_scrolling_at_375px(demo_site, new_page, path):
    page = new_page(width=375, height=812)
    response = page.goto(path)
    assert response.status == 200
    page.wait_for_load_state("networkidle")

    found = page.evaluate(_OVERFLOW)

    assert found["scrollWidth"] <= found["innerWidth"], (
        f"{path} scrolls sideways at 375 px: scrollWidth {found['scrollWidth']} > "
        f"innerWidth {found['innerWidth']}. Elements past the right edge: {found['wide']}"
    )
