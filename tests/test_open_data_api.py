"""The API as a program meets it: a decision by its reference as written, errors as
JSON, a feed that names its author as Atom requires, and pages whose rows are made once
and kept until their own decision changes, never stale."""

import datetime
import json
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from decisions import publishing, workflow
from decisions.models import Decision
from decisions.public import data_rows
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.pdfs_unmade]

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def signed():
    decision = factories.draft(title="Fleet")
    return factories.record_signature(
        decision, reference="WMPCC 2012-001", signed_on=datetime.date(2012, 11, 22)
    )


@pytest.mark.parametrize(
    "written", ["WMPCC%202012-001", "wmpcc%202012-001", "WMPCC-2012-001", "Wmpcc 2012-001"]
)
def test_it_redirects_a_reference_as_written_to_its_canonical_address(client, signed, written):
    response = client.get(f"/api/decisions/{written}.json")
    assert response.status_code == 301
    assert response["Location"] == "/api/decisions/wmpcc-2012-001.json"
    assert client.get(response["Location"]).json()["reference"] == "WMPCC 2012-001"


def test_it_finds_a_reference_with_slashes(client):
    decision = factories.draft(title="Financial year")
    factories.record_signature(decision, reference="2024/25-017")
    response = client.get("/api/decisions/2024/25-017.json", follow=True)
    assert response.json()["reference"] == "2024/25-017"


@pytest.mark.parametrize(
    "url", ["/api/decisions/no-such-one.json", "/api/decisions/%20.json", "/api/nothing-here"]
)
def test_it_answers_an_api_404_as_json_with_a_message(client, signed, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == "not_found"
    assert response.json()["message"]


def test_it_keeps_the_html_404_for_readers(client):
    response = client.get("/decisions/no-such-one/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("query", [{}, {"q": "Fleet"}, {"year": "2013"}])
def test_it_names_the_feeds_author(client, signed, settings, query):
    feed = ET.fromstring(client.get("/decisions/feed/", query).content)  # noqa: S314 - our own feed
    author = feed.find(f"{ATOM}author")
    assert author is not None, "RFC 4287 4.1.1: a feed without an author in every entry"
    assert author.find(f"{ATOM}name").text == settings.OFFICE_NAME
    assert author.find(f"{ATOM}uri").text == "http://testserver/"


@pytest.fixture
def five(db):
    for n in range(1, 6):
        factories.record_signature(
            factories.draft(title=f"Decision {n}"),
            reference=f"PCD {n:03d}",
            signed_on=datetime.date(2025, 1, n),
        )


def test_it_pages_the_api_with_next_and_previous_links(client, five):
    first = client.get("/api/decisions.json", {"page_size": "2", "year": "2025"}).json()
    assert [d["reference"] for d in first["decisions"]] == ["PCD 005", "PCD 004"]
    assert (first["count"], first["count_is_exact"], first["page"]) == (5, True, 1)
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/decisions.json?page_size=2&year=2025&page=2"
    third = client.get(first["next"].replace("page=2", "page=3")).json()
    assert [d["reference"] for d in third["decisions"]] == ["PCD 001"]
    assert third["next"] is None and third["previous"].endswith("page=2")


@pytest.mark.parametrize("size", ["0", "1001", "ten", "-1"])
def test_it_refuses_a_page_size_out_of_bounds_with_a_json_message(client, five, size):
    response = client.get("/api/decisions.json", {"page_size": size})
    assert response.status_code == 400
    assert response.json()["message"] == "page_size must be a whole number from 1 to 1000."


@pytest.mark.parametrize("page", ["9", "0", "x"])
def test_it_answers_a_page_past_the_end_as_json(client, five, page):
    response = client.get("/api/decisions.json", {"page": page})
    assert response.status_code == 404 and response.json()["error"] == "not_found"


def test_it_answers_a_poll_with_304_until_the_register_changes(client, five):
    first = client.get("/api/decisions.json")
    etag, modified = first["ETag"], first["Last-Modified"]
    again = client.get("/api/decisions.json", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    since = client.get("/api/decisions.json", HTTP_IF_MODIFIED_SINCE=modified)
    assert since.status_code == 304
    factories.record_signature(factories.draft(title="New one"), reference="PCD 006")
    changed = client.get("/api/decisions.json", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert changed.json()["decisions"][0]["reference"] == "PCD 006"


def test_an_api_answer_reads_when_the_register_changed_once(client, five):
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/decisions.json").status_code == 200
    read = [query for query in captured if '"changed_at"' in query["sql"]]
    assert len(read) == 1  # for its ETag and its Last-Modified both


def test_it_gives_the_whole_register_in_one_file_at_decisions_json(client, five):
    response = client.get("/decisions.json")
    payload = json.loads(b"".join(response.streaming_content))
    assert len(payload["decisions"]) == 5 and "next" not in payload


def _rows_made(client, url) -> bool:
    """Whether answering `url` made a row (a kept row reads no amendments)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return any("decisions_amendment" in query["sql"] for query in captured)


def test_an_api_page_s_rows_are_made_once_and_kept(client, five):
    client.get("/api/decisions.json")  # makes and keeps every row
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/api/decisions.json", {"year": "2025", "page_size": "3"}).json()
    assert [d["reference"] for d in page["decisions"]] == ["PCD 005", "PCD 004", "PCD 003"]
    assert not [query for query in captured if "decisions_amendment" in query["sql"]]


def test_a_signing_leaves_every_other_decision_s_row_kept(client, five, monkeypatch):
    client.get("/api/decisions.json")
    factories.record_signature(factories.draft(title="New one"), reference="PCD 006")
    made = []
    original = data_rows.rows
    monkeypatch.setattr(data_rows, "rows", lambda r, ds: made.extend(ds) or original(r, ds))
    page = client.get("/api/decisions.json").json()
    assert [d["reference"] for d in page["decisions"]][:2] == ["PCD 006", "PCD 005"]
    assert [decision.reference for decision in made] == ["PCD 006"]


def _downloaded(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("url", ["/decisions.csv?year=2025", "/decisions.json?year=2025"])
def test_the_downloads_write_the_kept_rows(client, five, alice, carol, url):
    client.get("/api/decisions.json")  # keeps the rows as the API's pages read them
    first = _downloaded(client, url)
    for reference in ("PCD 005", "PCD 001"):
        assert f'"{reference}"'.encode() in first or f"\n{reference},".encode() in first
    with CaptureQueriesContext(connection) as captured:
        assert _downloaded(client, url) == first
    assert not [query for query in captured if "decisions_amendment" in query["sql"]]
    decision = Decision.objects.get(reference="PCD 003")
    workflow.propose_withdrawal(decision, by=alice, reason="Overtaken by events.")
    workflow.sign_amendment(decision, by=carol)
    assert b"Overtaken by events." in _downloaded(client, url)


def test_a_change_to_the_register_is_in_the_api_s_rows_at_once(client, five, alice, carol):
    client.get("/api/decisions.json")
    decision = Decision.objects.get(reference="PCD 003")
    workflow.propose_withdrawal(decision, by=alice, reason="Overtaken by events.")
    workflow.sign_amendment(decision, by=carol)
    rows = {d["reference"]: d for d in client.get("/api/decisions.json").json()["decisions"]}
    assert rows["PCD 003"]["status"] == "withdrawn" and rows["PCD 002"]["status"] == "published"


def test_an_api_row_links_to_the_site_it_was_asked_of(client, five, settings):
    settings.ALLOWED_HOSTS = ["decisions.example", "localhost"]
    client.get("/api/decisions.json", HTTP_HOST="decisions.example")
    row = client.get("/api/decisions.json", HTTP_HOST="localhost").json()["decisions"][0]
    assert row["url"].startswith("http://localhost/")


@pytest.fixture
def with_parts(alice, carol, board):
    """A decision signed through the workflow with two confidential parts due for review."""
    decision = factories.draft(created_by=alice, title="Custody contract")
    factories.confidential_part(decision, order=1, heading="Tender prices")
    factories.confidential_part(decision, order=2, heading="Informant", exemption="s.40")
    factories.sign_through_workflow(decision, drafter=alice, commissioner=carol, board_=board)
    decision.refresh_from_db()
    return decision


def _row(client, decision):
    page = client.get("/api/decisions.json").json()["decisions"]
    return next(row for row in page if row["reference"] == decision.reference)


def _parts(decision):
    return {part.heading: part.pk for part in decision.confidential_parts.all()}


def _amend(decision, alice, carol):
    workflow.propose_amendment(decision, by=alice, change_note="Dates corrected.")
    workflow.sign_amendment(decision, by=carol)


def _store_latest_pdf(decision, alice, carol):
    publishing.publish(decision.versions.order_by("-number").first().pk)


def _keep(decision, alice, carol):
    later = datetime.date.today() + datetime.timedelta(days=90)
    part = _parts(decision)["Informant"]
    workflow.keep_part(decision, by=carol, part=part, next_review_on=later, reason="Still.")


def _release(decision, alice, carol):
    workflow.release_part(decision, by=carol, part=_parts(decision)["Tender prices"])


# Every change a signed decision's row can see, each read at once though the row was kept.
@pytest.mark.parametrize(
    ("change", "seen"),
    [
        (_amend, lambda row: row["status"] == "amended"),
        (_store_latest_pdf, lambda row: row["pdf_sha256"] and row["versions"][0]["pdf_url"]),
        (
            _keep,
            lambda row: (
                (datetime.date.today() + datetime.timedelta(days=90)).isoformat()
                in [part["review_on"] for part in row["withheld"]]
            ),
        ),
        (_release, lambda row: [a["kind"] for a in row["amendments"]] == ["release"]),
    ],
    ids=["amendment", "pdf", "part kept", "part released"],
)
def test_a_change_to_a_decision_is_in_its_kept_row_at_once(
    client, with_parts, alice, carol, change, seen
):
    assert not seen(_row(client, with_parts))  # and now kept
    change(with_parts, alice, carol)
    assert seen(_row(client, with_parts))
