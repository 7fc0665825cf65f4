"""Public pages are served from cache, and never stale: signing empties it at once."""

import types

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from decisions import release, workflow
from decisions.models import DecisionStatus
from decisions.public import data_rows
from pccdecisions.env import CACHE_BACKENDS
from tests import factories

pytestmark = pytest.mark.django_db

PAGE_TEMPLATE = "decisions/decision_list.html"


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def test_a_second_anonymous_visit_is_served_from_cache_with_one_query(client, demo):
    first, first_queries = _get(client, "/decisions/")
    second, second_queries = _get(client, "/decisions/")
    assert second.content == first.content
    assert first_queries > 1 and second_queries == 1  # only the register's version
    assert second["Content-Security-Policy"]


def _deployed(monkeypatch):
    monkeypatch.setattr(release, "fingerprint", lambda: "next-release")


# After a deploy, a page kept whole could link to stylesheets collectstatic has replaced,
# or show the last release's markup: pages, register frames and API rows are all kept
# under the release's fingerprint.
def test_a_new_release_is_never_served_the_last_one_s_pages(client, demo, monkeypatch):
    client.get("/decisions/")
    assert not client.get("/decisions/").templates  # from the cache
    _deployed(monkeypatch)
    assert client.get("/decisions/").templates  # made afresh


def test_a_new_release_is_never_served_the_last_one_s_frames(client, demo, monkeypatch):
    client.get("/decisions/?status=published")  # keeps the list's frame
    _deployed(monkeypatch)
    response = client.get("/decisions/?status=published&page=1")  # same list, not cached
    assert PAGE_TEMPLATE in {template.name for template in response.templates}


def _rows_made(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    # A kept row reads no amendments.
    return any("decisions_amendment" in query["sql"] for query in queries)


# Open-data rows are kept under what makes a row, not the whole release: at 100,000
# decisions they take 90 s to make again, and most deploys change pages, not rows.
def test_a_release_that_changes_how_rows_are_made_is_never_served_the_last_one_s_rows(
    client, demo, monkeypatch
):
    client.get("/api/decisions.json")  # keeps the rows
    assert not _rows_made(client, "/api/decisions.json?page_size=5")
    monkeypatch.setattr(data_rows, "fingerprint", lambda: "rows-made-another-way")
    assert _rows_made(client, "/api/decisions.json?page_size=6")


def test_a_release_that_changes_only_pages_keeps_the_open_data_rows(client, demo, monkeypatch):
    client.get("/api/decisions.json")  # keeps the rows
    _deployed(monkeypatch)
    assert not _rows_made(client, "/api/decisions.json?page_size=6")


def test_what_makes_a_row_follows_the_modules_that_make_it(monkeypatch, tmp_path):
    source = tmp_path / "rows.py"
    made_with = (*data_rows.MADE_WITH, types.SimpleNamespace(__file__=str(source)))
    monkeypatch.setattr(data_rows, "MADE_WITH", made_with)
    source.write_text("status = 'published'")
    before = _fresh(data_rows.fingerprint)
    source.write_text("status = 'in force'")
    assert _fresh(data_rows.fingerprint) != before
    assert "decisions.markup" in {getattr(module, "__name__", "") for module in made_with}


def test_the_release_s_fingerprint_follows_its_templates_code_and_static_files(settings, tmp_path):
    for folder in ("templates", "decisions"):
        (tmp_path / folder).mkdir()
    (tmp_path / "templates" / "base.html").write_text("<html>")
    settings.BASE_DIR, settings.STATIC_ROOT = tmp_path, tmp_path / "static"
    fingerprints = [_fresh_fingerprint()]
    (tmp_path / "templates" / "base.html").write_text("<html lang=en>")
    fingerprints.append(_fresh_fingerprint())
    (tmp_path / "decisions" / "views.py").write_text("x = 1")
    fingerprints.append(_fresh_fingerprint())
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "staticfiles.json").write_text('{"paths": {}}')
    fingerprints.append(_fresh_fingerprint())
    assert len(set(fingerprints)) == 4
    assert _fresh_fingerprint() == fingerprints[-1]


def _fresh_fingerprint():
    return _fresh(release.fingerprint)


def _fresh(fingerprint):
    fingerprint.cache_clear()
    try:
        return fingerprint()
    finally:
        fingerprint.cache_clear()


def test_no_reader_sees_a_stale_register_after_signing_amending_or_withdrawing(
    client, alice, carol, board
):
    ready = factories.in_state(
        DecisionStatus.READY, drafter=alice, commissioner=carol, board_=board, title="Fresh news"
    )
    assert "Fresh news" not in client.get("/decisions/").content.decode()
    signed = workflow.sign(ready, by=carol, declaration="none")
    assert "Fresh news" in client.get("/decisions/").content.decode()
    client.get(signed.get_absolute_url())  # cache the notice
    amendment = workflow.propose_amendment(signed, by=alice, change_note="Corrected the date.")
    workflow.sign_amendment(amendment.decision, by=carol)
    assert "Corrected the date." in client.get(signed.get_absolute_url()).content.decode()
    withdrawal = workflow.propose_withdrawal(signed, by=alice, reason="Overtaken by events.")
    workflow.sign_amendment(withdrawal.decision, by=carol)
    assert (
        "This decision has been withdrawn" in client.get(signed.get_absolute_url()).content.decode()
    )
    assert "Withdrawn" in client.get("/decisions/feed/").content.decode()


def test_cached_pages_are_kept_apart_by_host_and_other_hosts_are_refused(client, demo, settings):
    settings.ALLOWED_HOSTS = ["decisions.example", "localhost"]
    url = "/decisions/wmpcc-2012-001/"
    first = client.get(url, HTTP_HOST="decisions.example")
    assert 'href="http://decisions.example/decisions/wmpcc-2012-001/"' in first.content.decode()
    other = client.get(url, HTTP_HOST="localhost").content.decode()
    assert "decisions.example" not in other and 'href="http://localhost/' in other
    assert client.get(url, HTTP_HOST="attacker.example").status_code == 400
    again = client.get(url, HTTP_HOST="decisions.example").content.decode()
    assert "attacker.example" not in again


def test_signed_in_staff_are_never_served_cached_pages(client, demo, alice):
    client.get("/decisions/")
    client.force_login(alice)
    _, queries = _get(client, "/decisions/")
    assert queries > 1


def test_a_signed_pdf_is_served_as_a_file_without_touching_the_database(
    client, alice, carol, board, django_capture_on_commit_callbacks
):
    ready = factories.in_state(
        DecisionStatus.READY, drafter=alice, commissioner=carol, board_=board
    )
    with django_capture_on_commit_callbacks(execute=True):
        signed = workflow.sign(ready, by=carol, declaration="none")
    url = f"/decisions/{signed.slug}.pdf"
    response, queries = _get(client, url)
    assert queries == 0
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    body = b"".join(response.streaming_content)
    with signed.documents.latest().file.open("rb") as stored:
        assert body == stored.read()

    with django_capture_on_commit_callbacks(execute=True):
        amendment = workflow.propose_amendment(signed, by=alice, change_note="New figure.")
        workflow.sign_amendment(amendment.decision, by=carol)
    newest = signed.documents.latest()
    replaced = b"".join(client.get(url).streaming_content)
    with newest.file.open("rb") as stored:
        assert replaced == stored.read()


def test_a_signing_that_rolls_back_publishes_no_pdf(client, alice, carol, board, settings):
    from django.db import transaction

    from decisions.pdf import current_pdf_path

    ready = factories.in_state(
        DecisionStatus.READY, drafter=alice, commissioner=carol, board_=board
    )
    with pytest.raises(RuntimeError), transaction.atomic():
        signed = workflow.sign(ready, by=carol, declaration="none")
        slug = signed.slug
        raise RuntimeError("the signing fails after rendering")
    assert not current_pdf_path(slug).exists()
    assert client.get(f"/decisions/{slug}.pdf").status_code == 404


@pytest.fixture
def redis_cache(settings):
    """The cache CACHE_URL=redis://... gives, on the machine's Redis, in a database of the
    tests' own."""
    import redis

    from tests.browser.helpers import in_ci

    location = "redis://127.0.0.1:6379/13"
    try:
        redis.Redis.from_url(location, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError:
        if in_ci():
            pytest.fail("CI=true and Redis is not answering at 127.0.0.1:6379")
        pytest.skip("Redis is not answering at 127.0.0.1:6379")
    settings.CACHES = {"default": {"BACKEND": CACHE_BACKENDS["redis"], "LOCATION": location}}
    from django.core.cache import caches

    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


def test_the_redis_cache_keeps_one_client_and_reads_what_it_wrote(redis_cache):
    # Django's own client made a new redis.Redis at every call, a tenth of an uncached
    # register page; sharing one must not change what is read and written.
    redis_cache.set_many({"a": b"\x00bytes", "b": [1, 2]}, 60)
    assert redis_cache.get_many(["a", "b", "c"]) == {"a": b"\x00bytes", "b": [1, 2]}
    redis_cache.delete("a")
    assert redis_cache.get("a") is None and redis_cache.get("b") == [1, 2]
    client = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client(write=True) is client


def test_with_redis_pages_are_shared_and_never_stale_after_signing(
    client, redis_cache, alice, carol, board
):
    ready = factories.in_state(
        DecisionStatus.READY, drafter=alice, commissioner=carol, board_=board, title="Redis news"
    )
    first, first_queries = _get(client, "/decisions/")
    second, second_queries = _get(client, "/decisions/")
    assert second.content == first.content and second_queries == 1
    assert any(b"register-" in key for key in redis_cache._cache.get_client().keys("*"))
    workflow.sign(ready, by=carol, declaration="none")
    assert "Redis news" in client.get("/decisions/").content.decode()


def test_a_cached_page_is_sent_in_one_piece(client, demo):
    """A feed is built of thousands of small writes: cached as they are, each hit would
    unpickle them all and send each to the socket on its own."""
    client.get("/decisions/feed/")
    hit = client.get("/decisions/feed/")
    assert len(list(hit)) == 1 and b"<feed" in hit.content
