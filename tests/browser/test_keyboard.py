"""A keyboard-only reader searches the register, opens a notice and reaches its PDF.

Every stop of the focus is checked: it lands on the element expected, in order,
and shows (an outline or a box-shadow on the focused element).
"""

import re

from tests.browser.helpers import focused, tab_until


def _is(element, *, id=None, text=None, href=None):
    if element is None:
        return False
    if id is not None and element["id"] != id:
        return False
    if text is not None and element["text"] != text:
        return False
    return href is None or re.search(href, element["href"]) is not None


def _press_tab(page, **expected):
    page.keyboard.press("Tab")
    element = focused(page)
    assert _is(element, **expected), f"expected focus on {expected}, found {element}"
    assert element["visible"], f"focus does not show on {element}"
    return element


def _skip_to_main_content(page):
    _press_tab(page, text="Skip to main content", href="#main-content")
    page.keyboard.press("Enter")


FILTERS = [
    {"id": "filter-q"},
    {"id": "filter-year"},
    {"id": "filter-board"},
    {"id": "filter-status"},
    {"text": "Search"},
]


def test_search_open_a_notice_and_reach_its_pdf_with_the_keyboard(demo_site, page):
    page.goto("/decisions/")

    # The search box, the three filters and the button, in that order.
    _skip_to_main_content(page)
    for expected in FILTERS:
        _press_tab(page, **expected)
    assert focused(page)["tag"] == "button"

    # Back to the search box, a word, Enter.
    for _ in FILTERS[1:]:
        page.keyboard.press("Shift+Tab")
    assert _is(focused(page), id="filter-q")
    page.keyboard.type("business")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/decisions/\?q=business"))
    assert page.get_by_text("1 decision matching “business”").is_visible()

    # From the top of the results page to the first result, through the same form.
    _skip_to_main_content(page)
    for expected in FILTERS:
        _press_tab(page, **expected)
    result, stops = tab_until(page, lambda e: _is(e, href=r"^/decisions/wmpcc-2012-001/$"))
    assert all(stop["visible"] for stop in stops), stops
    assert result["text"].startswith("WMPCC 2012-001: Business Partnering")

    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/decisions/wmpcc-2012-001/$"))
    assert page.get_by_role("heading", level=1).first.inner_text().strip() != ""

    # On the notice, Tab reaches the PDF link, and focus shows at every stop.
    _skip_to_main_content(page)
    link, stops = tab_until(page, lambda e: _is(e, href=r"/decisions/wmpcc-2012-001\.pdf$"))
    assert link["text"].startswith("Download the PDF notice")
    not_shown = [stop for stop in stops if not stop["visible"]]
    assert not_shown == [], f"focus does not show on: {not_shown}"
