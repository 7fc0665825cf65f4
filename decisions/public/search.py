"""Full-text search of the register: PostgreSQL's, with a simple fallback on SQLite."""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

# Markers put around matches. Control characters never occur in notice text
# (clean_query removes them), so after escaping they become <mark> safely.
_START, _STOP = "\x02", "\x03"
MAX_QUERY_LENGTH = 200
# A common word matches most of the register: counting or ranking every match costs
# as much as the register is long. Past this many, the page says "more than" and
# lists the matches newest first.
SEARCH_COUNT_CAP = 1000


def clean_query(text: str) -> str:
    """What a reader typed, made safe to search for: no control characters, bounded."""
    text = "".join(ch for ch in (text or "") if ch.isprintable())
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def search(queryset, text: str):
    """Decisions matching `text`, best first, each with a `snippet` of where it matched."""
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, text)
    return _search_fallback(queryset, text)


def _search_postgresql(queryset, text):
    query = SearchQuery(text, search_type="websearch", config="english")
    # The reference is in the vector at the top weight, so this finds it too.
    matches = queryset.filter(search_vector=query)
    # Ranking reads every match's vector. For a word in most of the register that
    # is tens of thousands, and relevance means little there: newest first instead.
    # The check stops counting at the limit, so it costs the same for any word.
    if matches.order_by()[: SEARCH_COUNT_CAP + 1].count() > SEARCH_COUNT_CAP:
        return matches.order_by("-signed_at", "-id")
    ranked = matches.annotate(rank=SearchRank(F("search_vector"), query))
    return ranked.order_by("-rank", "-signed_at", "-id")


def _search_fallback(queryset, text):
    words = _words(text)
    if not words:
        return queryset.none()
    condition = Q()
    for word in words:
        condition &= Q(search_document__icontains=word)
    return queryset.filter(condition | Q(reference__iexact=text)).order_by("-signed_at", "-id")


def _words(text):
    return [w for w in re.split(r"\W+", text) if w][:10]


def snippet(decision, text: str):
    """HTML: a short passage where the words matched, each match in <mark>, all else escaped.

    Made in Python for the page's results only, never for every match in the database.
    """
    headline = _headline(decision.search_document or "", _words(text))
    html = escape(headline).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our own <mark> tags added


def _headline(document: str, words: list[str]) -> str:
    if not words:
        return ""
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    first = pattern.search(document)
    start = max(0, first.start() - 120) if first else 0
    passage = " ".join(document[start : start + 320].split())
    passage = pattern.sub(lambda m: f"{_START}{m.group(0)}{_STOP}", passage)
    return ("… " if start else "") + passage + " …"
