"""The staff pages a drafter works in fit a laptop's window."""

import pytest

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
