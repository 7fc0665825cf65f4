"""How a notice looks in the browser where its HTML alone cannot say."""

import pytest
from django.contrib.auth.models import User

from decisions import workflow
from decisions.models import Decision


@pytest.fixture
def amended(demo_site):
    decision = Decision.objects.get(reference="WMPCC 2012-001")
    drafter = User.objects.get(username="drafter")
    commissioner = User.objects.get(username="commissioner")
    workflow.propose_amendment(
        decision,
        by=drafter,
        change_note="Recommendation 2 corrected.",
        body="2. The Commissioner agrees funding of **£9.9m**:\n\n   1. from reserves.",
    )
    workflow.sign_amendment(decision, by=commissioner)
    return decision


def test_it_numbers_amended_recommendations_as_the_decision_does(amended, page):
    page.goto(amended.get_absolute_url())
    changes = page.locator(".notice__changes > li > ol")
    assert changes.first.get_attribute("start") == "2"
    style = changes.first.evaluate("list => getComputedStyle(list).listStyleType")
    assert style == "decimal", f"recommendation 2 is numbered in {style}, not 2."
    nested = page.locator(".notice__changes > li > ol ol")
    assert nested.first.evaluate("list => getComputedStyle(list).listStyleType") == "lower-alpha"
