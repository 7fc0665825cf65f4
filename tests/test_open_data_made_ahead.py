"""A decision's open-data rows are made when it is published, as its row in the
register's lists is, so the API's and the downloads' first readers wait for none."""

import csv
import io

import pytest

from decisions import workflow
from decisions.models import DecisionStatus
from decisions.public import data_rows
from tests import factories

pytestmark = pytest.mark.django_db


def test_publishing_a_decision_makes_its_open_data_rows_before_anyone_reads_them(
    client, alice, carol, board, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://testserver"  # the address the test client asks of
    ready = factories.in_state(
        DecisionStatus.READY, drafter=alice, commissioner=carol, board_=board, title="Made first"
    )
    with django_capture_on_commit_callbacks(execute=True):  # as the worker publishes
        workflow.sign(ready, by=carol, declaration="none")
    made = []
    original = data_rows.rows
    monkeypatch.setattr(data_rows, "rows", lambda r, ds: made.extend(ds) or original(r, ds))

    page = client.get("/api/decisions.json").json()
    download = b"".join(client.get("/decisions.csv").streaming_content).decode()

    assert [row["title"] for row in page["decisions"]] == ["Made first"]
    assert page["decisions"][0]["pdf_url"].startswith("http://testserver/")
    assert [row["title"] for row in csv.DictReader(io.StringIO(download))] == ["Made first"]
    assert made == []
