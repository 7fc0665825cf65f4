"""Any bytes in any public query parameter or path: an answer, never a server error."""

from urllib.parse import quote, quote_from_bytes

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = [pytest.mark.django_db, pytest.mark.pdfs_unmade]

PAGES = [
    "/decisions/",
    "/decisions/2012/",
    "/decisions/feed/",
    "/decisions.csv",
    "/decisions.json",
    "/api/decisions.json",
    "/meetings/",
    "/alerts/",
]
NAMES = ["q", "year", "board", "status", "page", "page_size", "o", "format", "q[]"]
HOSTILE = [
    "' OR 1=1 --", '"; DROP TABLE decisions_decision; --', "\x00", "%00", "../../etc/passwd",
    "<script>alert(1)</script>", "9" * 400, "-1", "0", "1e9", "２０１２", "\ud800", "NaN",
    "q" * 20_000, "*:*", "!!", "&&||", "\\", "(((", ")", "websearch_to_tsquery(", "'",
]  # fmt: skip

values = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=300),
    st.binary(max_size=300).map(lambda b: b.decode("latin-1")),
)
RELAXED = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _query(pairs):
    """A raw query string of any bytes, percent-encoded as a browser would send them."""
    return "&".join(
        f"{quote(name)}={quote_from_bytes(value.encode('utf-8', 'surrogatepass'))}"
        for name, value in pairs
    )


def _answer(client, path, query=""):
    response = client.get(path, QUERY_STRING=query)
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    return response.status_code


@RELAXED
@given(
    page=st.sampled_from(PAGES),
    pairs=st.lists(st.tuples(st.sampled_from(NAMES), values), max_size=5),
)
def test_any_query_gets_an_answer_not_an_error(client, demo, page, pairs):
    assert _answer(client, page, _query(pairs)) < 500


@RELAXED
@given(segment=values)
def test_any_path_gets_an_answer_not_an_error(client, demo, segment):
    encoded = quote_from_bytes(segment.encode("utf-8", "surrogatepass"), safe="")[:1000]
    for template in ("/decisions/{}/", "/decisions/{}.pdf", "/api/decisions/{}.json",
                     "/meetings/{}/", "/documents/annex/{}/", "/alerts/confirm/{}/",
                     "/alerts/unsubscribe/{}/"):  # fmt: skip
        assert _answer(client, template.format(encoded)) < 500


@pytest.mark.parametrize("value", HOSTILE)
def test_each_hostile_search_is_answered(client, demo, value):
    for name in ("q", "year", "board", "status", "page"):
        assert _answer(client, "/decisions/", _query([(name, value)])) < 500


@RELAXED
@given(
    fields=st.dictionaries(
        st.sampled_from(["email", "scope", "board", "query", "frequency"]), values, max_size=5
    )
)
def test_any_alert_sign_up_gets_an_answer_not_an_error(client, board, fields):
    from django.core.cache import cache

    cache.clear()  # each example is checked by the form, not turned away by the limit
    body = _query(fields.items())  # any bytes, as a browser would encode them
    response = client.post("/alerts/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200


def test_it_says_a_form_too_large_to_save_is_too_large_and_nothing_was_saved(client, alice):
    from tests import factories

    draft = factories.draft(created_by=alice, title="Kept title")
    client.force_login(alice)
    paste = "x" * (26 * 2**20)  # a 26 MB paste
    response = client.post(
        f"/admin/decisions/decision/{draft.pk}/change/", {"title": "New", "decision_text": paste}
    )
    page = response.content.decode()
    assert response.status_code == 413
    assert "What you sent is too large to save" in page and "Nothing was saved" in page
    assert "up to 2.5 MB" in page
    draft.refresh_from_db()
    assert draft.title == "Kept title"
