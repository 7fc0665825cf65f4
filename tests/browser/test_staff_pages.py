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
