"""Each decision's row in the register's lists, made once and kept in Django's cache.

A row shows only what the register never changes once a decision is on it (its
reference, title, dates and summary) and its status, which changes once at most, when
it is withdrawn. So a row is keyed by the decision, its status and the row's template,
and is never stale: a withdrawal, or a release with a new template, reads new keys.
Rendering twenty rows was half of an uncached register page (the summary is Markdown,
made plain); reading them is one cache round trip.

A search's rows show, in place of the summary, the passage where the words matched. Each
decision's row for searches is made and kept beside its list row, split where the passage
goes, and each search puts in its own: rendering twenty rows was 7 ms of a search's page.
"""

import hashlib
import secrets
from functools import cache

from django.core.cache import caches
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from decisions.kept import KEEP_SECONDS, kept

ROW_TEMPLATE = "decisions/_partials/register_row.html"


@cache
def _fingerprint() -> str:
    """The row's template and where a row links, as deployed: a release that changes
    either is never served rows made by the one before."""
    source = get_template(ROW_TEMPLATE).template.source
    return hashlib.sha256(f"{source}{reverse('decisions:register')}".encode()).hexdigest()[:16]


def _key(decision) -> str:
    return _key_of(decision.pk, decision.status)


def _key_of(pk, status) -> str:
    return f"register-row:{_fingerprint()}:{pk}:{status}"


def _search_key(decision) -> str:
    return f"{_key(decision)}:search"


# Where a search's passage goes while a row for searches is made. Random for each
# process, so no text of a notice can stand where it is looked for.
_PASSAGE = f"<!--passage-{secrets.token_hex(16)}-->"


def render_row(decision) -> str:
    """HTML: the row's template's output, trimmed."""
    return mark_safe(render_to_string(ROW_TEMPLATE, {"decision": decision}).strip())  # noqa: S308


def kept_rows(listed, load) -> list[str]:
    """The rows of `listed` ((id, status) pairs), in order: those kept are read without
    the database; the others are made from `load(ids)` (their decisions) and kept."""
    pks = {_key_of(pk, status): pk for pk, status in listed}

    def make(missing):
        return {
            _key(decision): render_row(decision) for decision in load([pks[k] for k in missing])
        }

    found = kept(list(pks), make)
    # One whose status changed since its id was read (a race with a signing) is left
    # out rather than shown as it was: the next version of the register lists it.
    return [mark_safe(found[key]) for key in pks if key in found]  # noqa: S308 - a template's output


def make_row(decision) -> None:
    """Make a decision's rows ahead of their first reader: at each publication, which is
    when a row can change (a new decision on the register, or a withdrawal)."""
    make_rows([decision])


def make_rows(decisions, cache=None) -> None:
    """Make and keep these decisions' rows, for the lists and for searches (in `cache`,
    if not the default)."""
    rows = {}
    for decision in decisions:
        rows[_key(decision)] = render_row(decision)
        rows[_search_key(decision)] = _split_row(decision)
    (cache or caches["default"]).set_many(rows, KEEP_SECONDS)


def kept_search_rows(decisions, passages) -> list[str]:
    """A search's rows for these decisions, in order, each with its passage from
    `passages` (by id, HTML)."""
    by_key = {_search_key(decision): decision for decision in decisions}
    found = kept(list(by_key), lambda missing: {k: _split_row(by_key[k]) for k in missing})
    rows = []
    for key, decision in by_key.items():
        before, after = found[key]
        if after is None:  # an entry of an earlier register: its reason, no passage
            rows.append(mark_safe(before))  # noqa: S308 - a template's output
        else:
            rows.append(mark_safe(before + passages[decision.pk] + after))  # noqa: S308 - escaped
    return rows


def _split_row(decision) -> tuple[str, str | None]:
    """The row as a search shows it, split where the passage goes (None after it if the
    row shows none)."""
    decision.snippet = mark_safe(_PASSAGE)  # noqa: S308 - our own comment, no one else's text
    try:
        row = render_row(decision)
    finally:
        del decision.snippet  # the decision is the caller's: left as it came
    before, hole, after = row.partition(_PASSAGE)
    return (before, after) if hole else (row, None)
