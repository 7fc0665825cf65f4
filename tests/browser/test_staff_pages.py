"""The staff pages a drafter works in fit a laptop's window."""

import pytest
from playwright.sync_api import expect

from decisions.models import Decision
from tests.browser.helpers import log_in


@pytest.mark.parametrize("which", ["add", "draft", "signed"])
def test_it_fits_a_decisions_page_in_a_1280_pixel_window(demo_site, page, which):
    log_in(page, "drafter")
    signed = Decision.objects.get(reference="WMPCC 2012-001")
    draft = Decision.objects.exclude(pk=signed.pk).first()
    url = {
        "add": "/admin/decisions/decision/add/",
        "draft": f"/admin/decisions/decision/{draft.pk}/change/",
        "signed": f"/admin/decisions/decision/{signed.pk}/change/",
    }[which]
    page.goto(url)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 1280, f"{url} is {width} px wide in a 1,280 px window"


def test_the_add_page_shows_what_the_decision_is_and_its_text_on_the_first_screen(demo_site, page):
    log_in(page, "drafter")
    page.goto("/admin/decisions/decision/add/")
    first_screen = page.viewport_size["height"]
    for label in ("Title:", "Contact officer:", "Executive summary:", "Decision:"):
        box = page.get_by_label(label, exact=True).bounding_box()
        assert box["y"] + box["height"] <= first_screen, f"{label} is below the first screen"


def test_a_paste_too_long_to_save_is_named_with_its_limit_and_nothing_typed_is_lost(
    demo_site, page
):
    log_in(page, "drafter")
    page.goto("/admin/decisions/decision/add/")
    page.get_by_label("Title:", exact=True).fill("Rural crime team")
    summary = page.get_by_label("Executive summary:")
    # Twice the limit: the browser stops it before sending (a 25 MB paste is stopped the
    # same way, but drawing it is slow in a busy test machine's browser).
    summary.evaluate("box => { box.value = 'A line of a long report.\\n'.repeat(8000); }")
    # (By its name, not its role: finding a role reads every box's text.)
    page.locator("input[name=_save]").click()
    note = page.locator("#id_executive_summary-too-long")
    expect(note).to_contain_text(
        "Executive summary is 200,000 characters long, and can hold up to 100,000."
    )
    expect(summary).to_be_focused()
    assert page.url.endswith("/admin/decisions/decision/add/")
    expect(page.get_by_label("Title:", exact=True)).to_have_value("Rural crime team")
    assert not Decision.objects.filter(title="Rural crime team").exists()
