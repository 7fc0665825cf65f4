"""A text too long to save is refused by name and limit, and the rest of the form is
kept (tests/browser/test_staff_pages.py shows the same in the browser, before sending)."""

import pytest

from decisions.admin.text_limits import TEXT_LIMIT
from decisions.models import Decision
from tests.admin_forms import decision_form

pytestmark = [pytest.mark.django_db, pytest.mark.pdfs_unmade]
ADD = "/admin/decisions/decision/add/"


def test_it_names_the_box_and_its_limit_and_keeps_the_form(as_alice):
    data = decision_form(
        {
            "title": "Funding for the rural crime team",
            "executive_summary": "x" * (TEXT_LIMIT + 1),
            "reasons": "Because rural crime is rising.",
        }
    )
    answer = as_alice.post(ADD, data)
    html = answer.content.decode()
    assert answer.status_code == 200 and not Decision.objects.exists()
    assert (
        f"Executive summary is {TEXT_LIMIT + 1} characters long, and can hold up to 100,000."
        in html
    )
    assert 'value="Funding for the rural crime team"' in html
    assert "Because rural crime is rising." in html


def test_it_saves_a_box_at_its_limit(as_alice):
    data = decision_form({"title": "Long but allowed", "executive_summary": "x" * TEXT_LIMIT})
    assert as_alice.post(ADD, data).status_code == 302
    assert len(Decision.objects.get().executive_summary) == TEXT_LIMIT


def test_it_marks_every_text_box_with_its_limit_for_the_browser(as_alice):
    html = as_alice.get(ADD).content.decode()
    assert html.count(f'data-max-length="{TEXT_LIMIT}"') >= 6
    assert "staff/text-limits" in html
