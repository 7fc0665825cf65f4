"""The public register as plain files (`export_static`), kept up to date after each
publication, and served by nginx with the app behind it for everything that is not a
file: searches, filters, forms and the admin."""

import io
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from django.core.management import call_command

from bench.static import nginx_program, write_nginx_config
from decisions import workflow
from decisions.made_pages import anonymous_answer
from decisions.models import DecisionStatus
from tests import factories
from tests.test_import_register import _import, office_series  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


def _export(directory, *options):
    out = io.StringIO()
    call_command("export_static", directory, *options, stdout=out)
    return out.getvalue()


def _signed(alice, carol, board, **fields):
    return factories.in_state(
        DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board, **fields
    )


def test_it_writes_each_file_as_the_app_answers_an_anonymous_reader(alice, carol, board, tmp_path):
    signed = _signed(alice, carol, board, title="Custody contract")
    factories.draft(created_by=alice, title="A draft no one may see")
    said = _export(tmp_path)
    assert "file(s)" in said and ".nginx-server.conf" in said

    page = tmp_path / f"decisions/{signed.slug}/index.html"
    assert page.read_bytes() == anonymous_answer(signed.get_absolute_url()).content
    with signed.documents.latest().file.open("rb") as stored:
        assert (tmp_path / f"decisions/{signed.slug}.pdf").read_bytes() == stored.read()
    assert (tmp_path / f"decisions/{signed.slug}/versions/1.pdf").is_file()
    assert (tmp_path / f"decisions/{signed.slug}/versions/1.json").is_file()
    assert b"<feed" in (tmp_path / "decisions/feed/index.atom").read_bytes()
    assert signed.reference in (tmp_path / "decisions.csv").read_text()
    assert "Custody contract" in (tmp_path / "decisions/index.html").read_text()
    assert (tmp_path / f"decisions/{signed.signed_at:%Y}/index.html").is_file()

    written = [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()]
    assert not [p for p in written if "?" in p or p.startswith(("admin", "alerts"))]
    assert not [p for p in written if "draft-no-one" in p]
    everything = b"".join((tmp_path / p).read_bytes() for p in written)
    assert b"A draft no one may see" not in everything


def test_it_refreshes_what_each_publication_changes(
    alice, carol, board, tmp_path, settings, django_capture_on_commit_callbacks
):
    first = _signed(alice, carol, board, title="Custody contract")
    _export(tmp_path)
    settings.STATIC_EXPORT_DIR = str(tmp_path)

    # The export is refreshed once the publication has committed, as its PDF's copy is.
    with django_capture_on_commit_callbacks(execute=True):
        second = _signed(alice, carol, board, title="Victims' service grant")
    assert (tmp_path / f"decisions/{second.slug}/index.html").is_file()
    assert (tmp_path / f"decisions/{second.slug}.pdf").is_file()
    assert "Victims&#x27; service grant" in (tmp_path / "decisions/index.html").read_text()
    assert second.reference in (tmp_path / "decisions/feed/index.atom").read_text()
    assert second.reference in (tmp_path / "decisions.csv").read_text()

    workflow.propose_amendment(first, by=alice, change_note="The osprey figure is corrected.")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.sign_amendment(first, by=carol)
    assert (tmp_path / f"decisions/{first.slug}/versions/2.pdf").is_file()
    page = (tmp_path / f"decisions/{first.slug}/index.html").read_text()
    assert "The osprey figure is corrected." in page


@pytest.mark.usefixtures("office_series")
def test_an_import_leaves_the_export_to_be_made_afresh_once(
    tmp_path, settings, django_capture_on_commit_callbacks
):
    # Refreshed once a decision, an import would write the whole register's CSV and
    # JSON thousands of times over.
    export = tmp_path / "export"
    export.mkdir()
    settings.STATIC_EXPORT_DIR = str(export)
    with django_capture_on_commit_callbacks(execute=True) as published:
        _import()
    assert published and list(export.iterdir()) == []
    _export(export)
    assert (export / "decisions/pcd-338/index.html").is_file()


def _nginx() -> str:
    found = nginx_program()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is not installed: .ci/system-packages installs it")
        pytest.skip("nginx is not installed (make test installs it in CI)")
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def nginx_in_front(live_server, tmp_path):
    """Export the register as it is now, and start nginx serving it with the live app
    behind it: the function that does so, giving nginx's address and the export."""
    program, servers = _nginx(), []

    def start():
        port = _free_port()
        export = tmp_path / "export"
        _export(export, "--app", live_server.url, "--listen", f"127.0.0.1:{port}")
        config = write_nginx_config(tmp_path, export)
        servers.append(subprocess.Popen(
            [program, "-p", str(tmp_path), "-c", str(config)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        ))  # fmt: skip
        address = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{address}/robots.txt", timeout=1).close()  # noqa: S310
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.05)
        return address, export

    yield start
    for server in servers:
        server.terminate()
        server.wait(timeout=10)


def _get(url, data=None):
    try:
        with urllib.request.urlopen(url, data=data, timeout=10) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.mark.django_db(transaction=True)
def test_nginx_serves_the_files_and_passes_the_rest_to_the_app(alice, carol, board, nginx_in_front):
    signed = _signed(alice, carol, board, title="Custody contract")
    address, export = nginx_in_front()
    status, headers, body = _get(f"{address}{signed.get_absolute_url()}")
    assert status == 200
    assert body == (export / f"decisions/{signed.slug}/index.html").read_bytes()
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"

    status, headers, body = _get(f"{address}/decisions/{signed.slug}.pdf")
    assert (status, headers["Content-Type"]) == (200, "application/pdf")
    assert "sandbox" in headers["Content-Security-Policy"]
    status, headers, _ = _get(f"{address}/decisions/feed/")
    assert headers["Content-Type"].startswith("application/atom+xml")

    # Not files: a search, the app's own pages, and anything sent.
    status, _, body = _get(f"{address}/decisions/?q=custody")
    assert status == 200 and b"1 decision matching" in body
    assert _get(f"{address}/healthz")[2] == b"ok\n"
    assert _get(f"{address}/alerts/", data=b"email=x")[0] == 403  # the app's CSRF check
    assert _get(f"{address}/.nginx-server.conf")[0] == 404


@pytest.mark.parametrize(
    "path", ["/decisions/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/../outside.html", "/%2e%2e/"]
)
def test_it_never_places_a_file_outside_its_folder(tmp_path, path):
    # The app answers no such address, but a notice can link to any: the last line.
    from decisions.static_export import _file_for

    assert _file_for(tmp_path / "export", path, "text/html") is None
    assert _file_for(tmp_path / "export", "/decisions/x/", "text/html") == (
        tmp_path / "export/decisions/x/index.html"
    )
