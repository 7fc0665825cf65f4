"""axe-core finds no WCAG 2.0, 2.1 or 2.2 level A or AA failure on any public page."""

import datetime
import re

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
    "forward_plan": ("/forward-plan/", 200),
    "alerts": ("/alerts/", 200),
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


def test_the_alert_pages_have_no_wcag_violations_with_errors_or_a_link(demo_site, page):
    """The sign-up form with its errors shown (radios revealed), then the pages its
    email links open."""
    from decisions.models import Subscription

    page.goto("/alerts/")
    page.get_by_label("Decisions that match a search").check()
    page.get_by_role("button", name="Send me a confirmation email").click()
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    page.get_by_label("Search words").fill("drones")
    violations = axe_violations(page)
    if violations:
        pytest.fail(describe_violations("/alerts/ (errors)", violations), pytrace=False)

    token = Subscription.objects.create(email="reader@example.org").token
    for path in (f"/alerts/confirm/{token}/", f"/alerts/unsubscribe/{token}/"):
        page.goto(path)
        if violations := axe_violations(page):
            pytest.fail(describe_violations(path, violations), pytrace=False)


def _link_names(page) -> list[str]:
    """Every link's name as Chromium computes it for a screen reader, and as its text
    (which tools that ignore CSS, such as text browsers and search engines, read)."""
    session = page.context.new_cdp_session(page)
    nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    computed = [
        node["name"]["value"]
        for node in nodes
        if node.get("role", {}).get("value") == "link" and node.get("name")
    ]
    text = page.eval_on_selector_all("a", "links => links.map(a => a.textContent)")
    return computed + [" ".join(t.split()) for t in text]


@pytest.mark.parametrize("name", ["register", "notice", "meeting", "board_paper", "open_data"])
def test_it_keeps_the_words_of_each_link_name_apart(demo_site, page, name):
    template, _ = PAGES[name]
    path = template.format(meeting=demo_meeting_id() if "{meeting}" in template else "")
    page.goto(path)
    names = _link_names(page)
    assert names, f"no links found on {path}"
    run_together = [n for n in names if re.search(r"[a-z0-9)]\(|[a-z][A-Z][a-z]", n)]
    assert run_together == [], f"{path}: link names with words run together: {run_together}"
