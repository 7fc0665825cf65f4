"""The register's public, append-only log of every publication, and every signed
version of a notice kept at its own address, in the JSON and CSV too."""

import hashlib

import pytest

from decisions import office_key, transparency, workflow
from decisions.models import DecisionStatus
from tests import factories

pytestmark = pytest.mark.django_db


def _register(alice, carol, board):
    """Three signings, an amendment and a withdrawal: five publications."""
    signed = [
        factories.in_state(DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board)
        for _ in range(3)
    ]
    workflow.propose_amendment(signed[0], by=alice, change_note="A figure.")
    workflow.sign_amendment(signed[0], by=carol)
    workflow.propose_withdrawal(signed[1], by=alice, reason="Overtaken.")
    workflow.sign_amendment(signed[1], by=carol)
    return signed


def test_every_publication_is_chained_in_the_log(client, alice, carol, board):
    _register(alice, carol, board)
    body = client.get("/transparency/log.json").json()
    entries = body["entries"]
    assert [e["sequence"] for e in entries] == [1, 2, 3, 4, 5]
    assert [e["event"] for e in entries] == ["signed", "signed", "signed", "amended", "withdrawn"]
    previous = transparency.GENESIS
    for entry in entries:
        assert entry["previous_hash"] == previous
        assert transparency.entry_hash(entry) == entry["entry_hash"]
        pdf = b"".join(client.get(entry["pdf_url"]).streaming_content)
        assert hashlib.sha256(pdf).hexdigest() == entry["pdf_sha256"]
        content = client.get(entry["content_url"]).content
        assert hashlib.sha256(content).hexdigest() == entry["content_sha256"]
        previous = entry["entry_hash"]
    head = body["head"]
    assert head["entry_hash"] == previous
    certificate = client.get(head["certificate_url"]).content.decode()
    assert office_key.verify_text(previous, head, certificate)
    assert not office_key.verify_text(transparency.GENESIS, head, certificate)


def test_the_log_is_paged_and_an_empty_log_is_a_page_too(client, alice, carol, board, settings):
    empty = client.get("/transparency/log.json").json()
    assert (empty["count"], empty["entries"], empty["head"], empty["next"]) == (0, [], None, None)
    _register(alice, carol, board)
    from decisions.public import site as view

    original, view.PAGE_SIZE = view.PAGE_SIZE, 2
    try:
        first = client.get("/transparency/log.json").json()
        assert len(first["entries"]) == 2 and first["next"].endswith("?page=2")
        last = client.get("/transparency/log.json?page=3").json()
        assert [e["sequence"] for e in last["entries"]] == [5] and last["next"] is None
        assert client.get("/transparency/log.json?page=9").status_code == 404
        assert client.get("/transparency/log.json?page=x%00").status_code == 404
    finally:
        view.PAGE_SIZE = original


def test_the_transparency_page_explains_sha256sum_and_pdfsig(client, demo):
    page = client.get("/transparency/").content.decode()
    assert "sha256sum" in page and "pdfsig" in page and "verify_register" in page


def test_every_signed_version_keeps_its_own_pdf_and_is_listed_on_the_notice(
    client, alice, carol, board
):
    signed = _register(alice, carol, board)[0]
    first = b"".join(client.get(f"/decisions/{signed.slug}/versions/1.pdf").streaming_content)
    second = b"".join(client.get(f"/decisions/{signed.slug}/versions/2.pdf").streaming_content)
    assert first != second
    assert b"".join(client.get(f"/decisions/{signed.slug}.pdf").streaming_content) == second
    page = client.get(signed.get_absolute_url()).content.decode()
    for version in signed.versions.select_related("document"):
        assert version.document.sha256 in page
        assert f"/decisions/{signed.slug}/versions/{version.number}.pdf" in page
    assert "A figure." in page
    assert client.get(f"/decisions/{signed.slug}/versions/3.pdf").status_code == 404


def test_json_and_csv_carry_the_amendments_and_versions(client, alice, carol, board):
    signed = _register(alice, carol, board)[0]
    data = client.get(f"/api/decisions/{signed.slug}.json").json()
    assert data["status"] == "amended"
    assert [a["change_note"] for a in data["amendments"]] == ["A figure."]
    assert [v["version"] for v in data["versions"]] == [1, 2]
    assert data["versions"][1]["pdf_sha256"] == signed.documents.latest().sha256
    csv = b"".join(client.get("/decisions.csv").streaming_content).decode()
    assert "amendment: A figure." in csv
    header = csv.splitlines()[0].split(",")
    # Where they were added, before the later columns: a column never moves.
    assert header[15:17] == ["amendments", "versions"]
