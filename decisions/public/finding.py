"""How readers find decisions: full-text search (PostgreSQL's, with a simple fallback
on SQLite), the filters read from the URL so any search can be shared, and counts
that stay cheap on a register of any size.
"""

import hashlib
import re
from typing import NamedTuple

from django import forms
from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import caches
from django.core.paginator import Paginator
from django.db import OperationalError, connection, transaction
from django.db.models import Exists, F, Max, Min, OuterRef, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe

from decisions.models import Amendment, Board, Decision, NumberingSeries, RegisterVersion
from decisions.models.decision import reference_slug
from decisions.models.parts import AmendmentKind
from decisions.public.listing import CACHE_SECONDS, RegisterIds
from decisions.references import format_reference

# Markers put around matches. Control characters never occur in notice text
# (clean_query removes them), so after escaping they become <mark> safely.
_START, _STOP = "\x02", "\x03"
MAX_QUERY_LENGTH = 200
# A common word matches most of the register: counting or ranking every match costs
# as much as the register is long. Past this many, the page says "more than" and
# lists the matches newest first.
SEARCH_COUNT_CAP = 1000
# A quoted phrase is checked against the word positions of every decision holding all
# its words: for common words tens of thousands, up to a second at 100,000 decisions,
# while a worker waits. Past this, the search answers with the phrase's words instead.
PHRASE_TIME_LIMIT_MS = 150
PHRASE_UNCHECKED = (
    "Checking for the exact phrase took too long, so these are the decisions with all of "
    "its words. Add a less common word to find fewer."
)


def clean_query(text: str) -> str:
    """What a reader typed, made safe to search for: no control characters, bounded."""
    text = "".join(ch for ch in (text or "") if ch.isprintable())
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


class Found(NamedTuple):
    matches: object  # a queryset, best first
    # How many match, up to SEARCH_COUNT_CAP + 1, when that was counted on the way
    # (None when it was not): the page's count reuses it.
    count: int | None = None
    # True when a quoted phrase took too long to check and its words were searched for.
    phrase_unchecked: bool = False


def search(queryset, text: str):
    """Decisions matching `text`, best first, a quoted phrase checked however long that
    takes: for email alerts, each checked against one decision in the worker, where no
    reader waits and a widened match would send a wrong email."""
    if connection.vendor != "postgresql":
        return _search_fallback(queryset, text)
    return _search_postgresql(queryset, text).matches


def counted_search(queryset, text: str) -> Found:
    """The register's search, for readers: a quoted phrase that takes too long to check
    is searched for as its words (PHRASE_TIME_LIMIT_MS), and Found says so."""
    if connection.vendor != "postgresql":
        return Found(_search_fallback(queryset, text))
    if '"' not in text:
        return _search_postgresql(queryset, text)
    try:
        return _search_postgresql(queryset, text, time_limit_ms=PHRASE_TIME_LIMIT_MS)
    except PhraseTooSlow:
        return _search_postgresql(queryset, _phrases_as_words(text))._replace(phrase_unchecked=True)


class PhraseTooSlow(Exception):
    pass


def _phrases_as_words(text):
    # An excluded phrase goes, rather than become an excluded word: -"chief constable"
    # must not drop every decision that says "chief".
    return re.sub(r'-\s*"[^"]*"?', " ", text).replace('"', " ")


def _search_postgresql(queryset, text, *, time_limit_ms=None):
    query = SearchQuery(text, search_type="websearch", config="english")
    # The reference is in the vector at the top weight, so this finds it too, except
    # one the search syntax reads otherwise ("3 - 2013": "-2013" excludes a word):
    # that is found by its web address, through the slug's unique index.
    matches = queryset.filter(Q(search_vector=query) | Q(slug=reference_slug(text)))
    # The matches' ids, stopping past the limit, so this costs the same for any word.
    ids = matches.order_by().values_list("pk", flat=True)[: SEARCH_COUNT_CAP + 1]
    found = _within(time_limit_ms, lambda: list(ids)) if time_limit_ms else list(ids)
    if len(found) > SEARCH_COUNT_CAP:
        # Ranking reads every match's vector. For a word in most of the register that
        # is tens of thousands, and relevance means little there: newest first instead.
        return Found(matches.order_by("-signed_at", "-id"), len(found))
    # Ranked by their ids, not found again: a quoted phrase is checked against each
    # vector holding its words (12,000 of them for "policing splotched", 200 ms at
    # 100,000 decisions), and finding them once instead of twice halves that.
    ranked = queryset.filter(pk__any_of=found).annotate(rank=SearchRank(F("search_vector"), query))
    return Found(ranked.order_by("-rank", "-signed_at", "-id"), len(found))


def _within(milliseconds, read):
    """What read() returns, or PhraseTooSlow once it has taken `milliseconds`. The limit
    is PostgreSQL's own, so the query stops there rather than run on unanswered."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('statement_timeout')")
            (before,) = cursor.fetchone()
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [str(milliseconds)])
            value = read()
            # Set for the transaction: inside a longer one it would outlast this block.
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [before])
            return value
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) == "57014":  # query_canceled
            raise PhraseTooSlow from error
        raise


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


def per_register_version(key, compute):
    """Computed once for each version of the register (it changes at each signing)."""
    cache = caches["default"]
    # Hashed: the key holds a reader's query string, of any length.
    digest = hashlib.sha256(key.encode()).hexdigest()
    full_key = f"register:{RegisterVersion.current()}:{digest}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, CACHE_SECONDS)
    return value


def published_years():
    """The years that have a published decision, newest first: one index lookup a year
    between the first and the last, never a scan of the register."""

    def compute():
        published = Decision.objects.on_register()
        span = published.aggregate(first=Min("signed_at"), last=Max("signed_at"))
        if span["first"] is None:
            return []
        years = range(span["last"].year, span["first"].year - 1, -1)
        return [year for year in years if published.filter(signed_at__year=year).exists()]

    return per_register_version("years", compute)


def example_reference() -> dict:
    """A reference of this office's own, for hints: the latest published, or what the
    next signing would give on a register with none yet."""

    def compute():
        latest = Decision.objects.published().order_by("-signed_at", "-id").first()
        if latest is not None:
            return {"reference": latest.reference, "slug": latest.slug}
        series = NumberingSeries.objects.filter(is_default=True).first()
        pattern = series.pattern if series else settings.REFERENCE_FORMAT
        reference = format_reference(pattern, 1, timezone.localdate())
        return {"reference": reference, "slug": reference_slug(reference)}

    return per_register_version("example_reference", compute)


class RegisterPaginator(Paginator):
    """Pages of the register's ids. For the register and its filters, a slice of every
    match's id, read once per register version (listing.py), and so an exact count; for
    a search, a count that stops at SEARCH_COUNT_CAP."""

    def __init__(self, object_list, per_page, *, filter_key, searching, counted=None, **kwargs):
        if not searching:
            object_list = RegisterIds(object_list, filter_key)
        super().__init__(object_list, per_page, **kwargs)
        self.searching = searching
        self.counted = counted

    @cached_property
    def count(self):
        if self.searching:
            if self.counted is not None:
                return self.counted  # the search counted its matches already
            return self.object_list.order_by()[: SEARCH_COUNT_CAP + 1].count()
        return self.object_list.count()

    @property
    def capped(self):
        return self.searching and self.count > SEARCH_COUNT_CAP

    def page(self, number):
        if not self.capped:
            return super().page(number)
        # The count stopped early, so it must not cut the page short either.
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)


STATUS_CHOICES = [
    ("", "Any status"),
    ("published", "In force"),
    ("amended", "Amended"),
    ("withdrawn", "Withdrawn"),
    ("not_a_notice", "Not published: deferred, withdrawn before signature, or withheld"),
]


FILTER_FIELDS = ("year", "board", "status")


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label="Search decisions", required=False, max_length=10_000)
    year = forms.TypedChoiceField(
        label="Year",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "There are no decisions from that year. Choose a year "
                        "from the list."},
    )  # fmt: skip
    board = forms.ChoiceField(
        label="Board",
        required=False,
        error_messages={"invalid_choice": "There is no such board. Choose one from the list."},
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=STATUS_CHOICES,
        error_messages={"invalid_choice": "Choose a status from the list."},
    )

    # How many matched the search, up to SEARCH_COUNT_CAP + 1, if apply() counted them.
    search_count = None
    # Whether apply() searched for a quoted phrase's words, the phrase taking too long.
    phrase_unchecked = False

    def __init__(self, data, *, years, boards):
        # The ids Django builds from (label, error, aria-describedby) all start here.
        super().__init__(data, auto_id="filter-%s")
        self.fields["year"].choices = [("", "Any year")] + [(str(y), str(y)) for y in years]
        self.fields["board"].choices = [("", "Any board"), *boards]

    def clean_q(self):
        text = self.cleaned_data["q"]
        if len(text) > MAX_QUERY_LENGTH:
            self.add_error(None, f"Only the first {MAX_QUERY_LENGTH} characters were searched for.")
        return clean_query(text)

    def apply(self, queryset):
        """Narrow the published decisions. A filter the reader got wrong (a year with no
        decisions, a board that does not exist) matches nothing, and says why: leaving it
        out would answer "decisions of 1999" with the whole register."""
        if self.has_filter_error:
            return queryset.none()
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        if year := data.get("year"):
            queryset = queryset.filter(signed_at__year=year)
        if board := data.get("board"):
            queryset = queryset.filter(
                Exists(
                    Decision.objects.filter(
                        pk=OuterRef("pk"), agenda_items__meeting__board__slug=board
                    )
                )
            )
        status = data.get("status")
        if status == "published":
            queryset = queryset.in_force()
        elif status == "amended":
            queryset = queryset.filter(
                Exists(
                    Amendment.objects.filter(
                        decision=OuterRef("pk"),
                        kind=AmendmentKind.AMENDMENT,
                        signed_at__isnull=False,
                    )
                )
            )
        elif status == "withdrawn":
            queryset = queryset.withdrawn()
        elif status == "not_a_notice":
            queryset = queryset.entries()
        if text := data.get("q"):
            found = counted_search(queryset, text)
            queryset, self.search_count = found.matches, found.count
            self.phrase_unchecked = found.phrase_unchecked
        return queryset

    @property
    def has_filter_error(self) -> bool:
        return any(name in self.errors for name in FILTER_FIELDS)

    @property
    def filter_key(self) -> str:
        """The filters applied, and nothing else the URL holds: one of a few hundred keys,
        so no one can make the cache keep a list of ids for each URL they invent."""
        if self.has_filter_error:
            return "nothing"
        data = getattr(self, "cleaned_data", None) or {}
        return "&".join(f"{name}={data.get(name) or ''}" for name in FILTER_FIELDS)

    @property
    def query_text(self) -> str:
        return (getattr(self, "cleaned_data", None) or {}).get("q", "")


def filter_choices() -> tuple[list[int], list[tuple[str, str]]]:
    """The years and the boards (slug, name) the filters offer: read once for each
    version of the register, which editing a board bumps too (apps.py)."""

    def compute():
        return published_years(), list(Board.objects.order_by("name").values_list("slug", "name"))

    return per_register_version("filter_choices", compute)


def register_filters(params):
    years, boards = filter_choices()
    form = RegisterFilterForm(params, years=years, boards=boards)
    form.is_valid()  # errors are shown; valid filters still apply
    return form
