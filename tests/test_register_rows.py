"""Each decision's row in the register's lists is made once and kept: at its
publication, or by its first reader. A kept row is never stale."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from decisions import workflow
from decisions.models import DecisionStatus
from tests import factories

pytestmark = pytest.mark.django_db

ROW_TEMPLATE = "decisions/_partials/register_row.html"


def _rows_made(response) -> int:
    return sum(template.name == ROW_TEMPLATE for template in response.templates)


def test_a_row_read_once_is_not_made_again_for_another_list(client):
    factories.signed(title="Street lighting")
    first = client.get("/decisions/")
    assert "Street lighting" in first.content.decode() and _rows_made(first) == 1
    again = client.get("/decisions/?status=published")  # another list, another page
    assert "Street lighting" in again.content.decode() and _rows_made(again) == 0


def test_a_withdrawal_is_shown_in_a_row_kept_from_before_it(client, alice, carol, board):
    ready = factories.in_state(
        DecisionStatus.READY, drafter=alice, commissioner=carol, board_=board, title="Kept row"
    )
    signed = workflow.sign(ready, by=carol, declaration="none")
    assert "Withdrawn</strong>" not in client.get("/decisions/").content.decode()
    withdrawal = workflow.propose_withdrawal(signed, by=alice, reason="Overtaken by events.")
    workflow.sign_amendment(withdrawal.decision, by=carol)
    page = client.get("/decisions/").content.decode()
    assert "Kept row" in page and "Withdrawn</strong>" in page


def test_publishing_a_decision_makes_its_row_before_anyone_reads_it(
    client, alice, carol, board, django_capture_on_commit_callbacks
):
    ready = factories.in_state(
        DecisionStatus.READY, drafter=alice, commissioner=carol, board_=board, title="Made first"
    )
    with django_capture_on_commit_callbacks(execute=True):  # as the worker publishes
        workflow.sign(ready, by=carol, declaration="none")
    response = client.get("/decisions/")
    assert "Made first" in response.content.decode() and _rows_made(response) == 0
    search = client.get("/decisions/?q=first")
    assert "Made <mark>first</mark>" in search.content.decode() and _rows_made(search) == 0


def test_a_search_shows_where_each_matched_never_a_kept_row(client):
    factories.signed(title="Street lighting", executive_summary="Lamps for the high street.")
    client.get("/decisions/")  # keeps the row, with its summary
    page = client.get("/decisions/?q=lamps").content.decode()
    assert "<mark>Lamps</mark>" in page


def test_a_page_of_kept_rows_reads_no_decision_from_the_database(client):
    factories.signed(title="Street lighting")
    client.get("/decisions/")  # keeps the row
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/decisions/?status=published").content.decode()
    assert "Street lighting" in page
    assert not [query for query in captured if '"decisions_decision"."title"' in query["sql"]]


def test_a_search_s_rows_are_made_once_and_show_each_search_s_own_passage(client):
    factories.signed(title="Street lighting", executive_summary="Lamps for the high street.")
    first = client.get("/decisions/?q=lamps")
    assert _rows_made(first) == 1
    again = client.get("/decisions/?q=street")  # another search, its own words marked
    page = again.content.decode()
    assert _rows_made(again) == 0
    assert "Lamps for the high <mark>street</mark>." in page
    assert "<mark>Lamps</mark>" not in page


def test_a_search_shows_an_entry_of_an_earlier_register_with_its_reason(client, alice):
    from decisions.workflow.past import PastDecision, record_past_decision

    record_past_decision(
        PastDecision(
            reference="003/2016", title="Sale of land", decision_maker_name="",
            status=DecisionStatus.NOT_PUBLISHED, register_note="Commercially sensitive",
        ),
        by=alice,
    )  # fmt: skip
    for query in ("land", "sale"):  # made, then kept
        entry = client.get("/decisions/", {"q": query}).content.decode()
        assert "Sale of land" in entry and "Commercially sensitive" in entry
        assert entry.count('class="decision-results__item"') == 1
        assert "decision-results__snippet" not in entry and "<mark>" not in entry  # no passage
