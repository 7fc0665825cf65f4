"""Every stored file leaves by one function, with one set of headers; reading never
writes; and production can hand the bytes to the web server."""

import pytest
from django.core.files.base import ContentFile

from decisions.models import Annex, DecisionStatus
from decisions.pdf import current_pdf_path
from tests import factories

pytestmark = pytest.mark.django_db

SAME_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
}


@pytest.fixture
def signed(alice, carol, board, django_capture_on_commit_callbacks):
    # As committed: the public copy of the PDF is written once the signing commits.
    with django_capture_on_commit_callbacks(execute=True):
        return factories.in_state(
            DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board
        )


def _headers(response):
    return {name: response[name] for name in SAME_HEADERS}


def test_reading_a_pdf_whose_public_copy_is_lost_serves_the_stored_one_and_writes_nothing(
    client, signed
):
    decision = signed
    copy = current_pdf_path(decision.slug)
    copy.unlink()
    response = client.get(f"/decisions/{decision.slug}.pdf")
    assert response.status_code == 200
    with decision.documents.latest().file.open("rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()
    assert not copy.exists()
    assert _headers(response) == SAME_HEADERS


@pytest.mark.parametrize(
    "url",
    ["/decisions/{slug}.pdf", "/decisions/{slug}/versions/1.pdf"],
)
def test_every_door_sends_the_same_headers(client, signed, url):
    decision = signed
    response = client.get(url.format(slug=decision.slug))
    assert response.status_code == 200 and _headers(response) == SAME_HEADERS
    assert response["Content-Disposition"].startswith("inline")


def test_with_x_accel_redirect_nginx_sends_the_bytes(client, signed, settings):
    settings.SERVE_FILES = "x-accel-redirect"
    decision = signed
    response = client.get(f"/decisions/{decision.slug}.pdf")
    assert response["X-Accel-Redirect"] == f"/protected-media/notices/current/{decision.slug}.pdf"
    assert response.content == b"" and _headers(response) == SAME_HEADERS
    version = client.get(f"/decisions/{decision.slug}/versions/1.pdf")
    assert version["X-Accel-Redirect"].startswith("/protected-media/notices/")


def test_with_x_sendfile_the_web_server_gets_the_path(client, alice, settings):
    settings.SERVE_FILES = "x-sendfile"
    draft = factories.draft(created_by=alice)
    annex = Annex(decision=draft, label="A", title="Report", original_filename="report.pdf")
    annex.file.save("report.pdf", ContentFile(b"%PDF-1.7 report"), save=False)
    annex.save()
    client.force_login(alice)
    response = client.get(annex.file.url)
    assert response["X-Sendfile"] == annex.file.path
    assert response["Content-Disposition"].startswith('attachment; filename="report.pdf"')
    assert _headers(response) == SAME_HEADERS


def test_a_missing_file_is_a_404_in_every_mode(client, signed, settings):
    decision = signed
    decision.documents.latest().file.storage.delete(decision.documents.latest().file.name)
    current_pdf_path(decision.slug).unlink()
    for mode in ("django", "x-accel-redirect", "x-sendfile"):
        settings.SERVE_FILES = mode
        assert client.get(f"/decisions/{decision.slug}.pdf").status_code == 404
