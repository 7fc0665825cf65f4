"""Once a signed decision is published, the lists readers open first after it (the
whole register, each year, board and status) are ready: their first reader waits for
no list of ids to be read from the database."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from decisions import workflow
from decisions.models import DecisionStatus
from tests import factories

pytestmark = pytest.mark.django_db

# A list's ids, and the statuses kept beside them (listing.py).
IDS_QUERY = re.compile(r'SELECT "decisions_decision"\."id" AS "pk"(, \S+ AS "status")? FROM')


def _ids_read(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url)
    assert page.status_code == 200
    return [q["sql"] for q in captured if IDS_QUERY.match(q["sql"])]


def _signed_and_published(alice, carol, board, capture):
    ready = factories.in_state(
        DecisionStatus.READY, drafter=alice, commissioner=carol, board_=board, title="Fresh"
    )
    with capture(execute=True):  # as the worker publishes once the signing commits
        return workflow.sign(ready, by=carol, declaration="none")


@pytest.mark.parametrize("query", ["", "?status=published", "?board={board}", "?year={year}"])
def test_after_a_publication_a_list_s_first_reader_reads_no_ids(
    client, alice, carol, board, django_capture_on_commit_callbacks, query
):
    decision = _signed_and_published(alice, carol, board, django_capture_on_commit_callbacks)
    url = "/decisions/" + query.format(board=board.slug, year=decision.signed_at.year)
    assert _ids_read(client, url) == []
    assert "Fresh" in client.get(url + ("&" if query else "?") + "again=1").content.decode()


def test_a_combined_filter_is_made_by_its_first_reader(
    client, alice, carol, board, django_capture_on_commit_callbacks
):
    decision = _signed_and_published(alice, carol, board, django_capture_on_commit_callbacks)
    url = f"/decisions/?year={decision.signed_at.year}&status=published"
    assert _ids_read(client, url) != []
