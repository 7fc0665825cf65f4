"""axe-core finds no WCAG 2.0, 2.1 or 2.2 level A or AA failure on any public page."""

import datetime

import pytest

from tests.browser.helpers import axe_violations, describe_violations


def demo_meeting_id():
    from decisions.models import BoardMeeting

    return BoardMeeting.objects.get(date=datetime.date(2013, 7, 16)).pk


PAGES = {
    "register": ("/decisions/", 200),
    "search": ("/decisions/?q=business", 200),
    "notice": ("/decisions/wmpcc-2012-001/", 200),
    "meeting": ("/meetings/{meeting}/", 200),
    "board_paper": ("/meetings/{meeting}/items/1/", 200),
    "open_data": ("/open-data/", 200),
    "accessibility": ("/accessibility/", 200),
    "not_found": ("/decisions/no-such-thing/", 404),
}


@pytest.mark.parametrize("name", PAGES)
def test_no_wcag_violations(demo_site, page, name):
    template, status = PAGES[name]
    path = template.format(meeting=demo_meeting_id() if "{meeting}" in template else "")
    response = page.goto(path)
    assert response.status == status, f"{path} answered {response.status}"
    page.wait_for_load_state("networkidle")

    violations = axe_violations(page)

    if violations:
        pytest.fail(describe_violations(path, violations), pytrace=False)
