"""The register for programs: an Atom feed of new, amended and withdrawn decisions (and
confidential parts released) for any search, and the whole register as open data
(/decisions.csv, /decisions.json), streamed a chunk of rows at a time; the paged API
(api.py) shares its rows. Field names are stable and documented on /open-data/; only
published decisions, only their public parts; CSV cells a spreadsheet would run as a
formula are escaped.
"""

import json
from typing import NamedTuple

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.http import StreamingHttpResponse
from django.utils.feedgenerator import Atom1Feed

from decisions.markup import plain_text
from decisions.models import Amendment
from decisions.public.data_rows import FIELDS, csv_line, kept_rows
from decisions.public.finding import PHRASE_UNCHECKED, register_filters
from decisions.public.listing import matching_ids
from decisions.public.register import register_queryset

FEED_SIZE = 50
# Rows read at a time by the streamed exports (from the cache, or made): their memory
# stays the same whatever the register's size.
CHUNK_SIZE = 500


class _Asked(NamedTuple):
    filters: object  # RegisterFilterForm
    matching: object  # what they choose, a queryset of decisions


class DecisionFeed(Feed):
    feed_type = Atom1Feed
    description_template = None

    def get_object(self, request, *args, **kwargs):
        self.request = request
        filters = register_filters(request.GET)
        # Searched now, before the feed's subtitle is written, so it can say how.
        return _Asked(filters, filters.apply(register_queryset()))

    def title(self, asked):
        filters = asked.filters
        base = f"Decisions of the {settings.OFFICE_NAME}"
        return f"{base}: “{filters.query_text}”" if filters.query_text else base

    def link(self, asked):
        query = self.request.GET.urlencode()
        return "/decisions/" + (f"?{query}" if query else "")

    def subtitle(self, asked):
        filters = asked.filters
        if filters.has_filter_error:
            reasons = " ".join(m for messages in filter_errors(filters).values() for m in messages)
            return f"No decisions match these filters. {reasons}"
        note = f" {PHRASE_UNCHECKED}" if filters.phrase_unchecked else ""
        return "New, amended and withdrawn decisions, newest first." + note

    # RFC 4287 4.1.1: a feed names its author, unless every entry does.
    def author_name(self):
        return settings.OFFICE_NAME

    def author_link(self):
        return self.request.build_absolute_uri("/")

    def items(self, asked):
        changed = Greatest(
            "signed_at",
            Coalesce("withdrawn_at", "signed_at"),
            Coalesce(
                Max("amendments__signed_at", filter=Q(amendments__signed_at__isnull=False)),
                "signed_at",
            ),
        )
        candidates = register_queryset().filter(pk__in=_latest_changed(asked.matching))
        last_change = Amendment.objects.filter(decision=OuterRef("pk"), signed_at__isnull=False)
        queryset = candidates.annotate(
            changed_at=changed,
            last_change_kind=Subquery(last_change.order_by("-signed_at").values("kind")[:1]),
        )
        return queryset.order_by("-changed_at", "-id")[:FEED_SIZE]

    def item_title(self, decision):
        if decision.is_withdrawn:
            return f"Withdrawn: {decision.reference} {decision.title}"
        if decision.changed_at > decision.signed_at:
            word = "Part released" if decision.last_change_kind == "release" else "Amended"
            return f"{word}: {decision.reference} {decision.title}"
        return f"{decision.reference}: {decision.title}"

    def item_description(self, decision):
        return plain_text(decision.executive_summary)

    def item_link(self, decision):
        return decision.get_absolute_url()

    def item_guid(self, decision):
        # Stable across edits of the feed's wording: one entry per decision and change.
        url = self.request.build_absolute_uri(decision.get_absolute_url())
        return f"{url}#{decision.changed_at.isoformat()}"

    item_guid_is_permalink = False

    def item_pubdate(self, decision):
        return decision.signed_at

    def item_updateddate(self, decision):
        return decision.changed_at


def _latest_changed(matching) -> set[int]:
    """The decisions that can be among the FEED_SIZE most recently changed: the most
    recently signed, and those of the most recent amendments and withdrawals (a
    withdrawal is signed as one). Each list is read newest first down an index and
    stops at FEED_SIZE, so the feed costs the same on a register of any size, where
    ranking every decision by its last change read them all.

    Any decision among the latest changed is in one of them: its last change is its
    signing or one of its amendments, and were it past FEED_SIZE in that list, as
    many decisions would have changed more recently."""
    signed = matching.order_by("-signed_at", "-id").values_list("pk", flat=True)[:FEED_SIZE]
    amended = (
        Amendment.objects.filter(signed_at__isnull=False, decision__in=matching.values("pk"))
        .values("decision")
        .annotate(last=Max("signed_at"))
        .order_by("-last")
        .values_list("decision", flat=True)[:FEED_SIZE]
    )
    return {*signed, *amended}


def _matching_rows(request, ids, written):
    """The rows of `ids` (matching_ids()), as WRITTEN names, a list a chunk: kept for
    each decision (data_rows.py). A year's CSV of 5,000 rows took 2.5 s when each row
    was made."""
    for start in range(0, len(ids), CHUNK_SIZE):
        yield kept_rows(request, ids[start : start + CHUNK_SIZE], written)


def filter_errors(filters) -> dict[str, list[str]]:
    """Why a filter matched nothing, by field, for programs ("year": ["There are no…"]),
    and how a search was changed ("q": shortened, or a phrase searched as its words)."""
    errors = {
        ("q" if name == "__all__" else name): [str(message) for message in messages]
        for name, messages in filters.errors.items()
    }
    if filters.phrase_unchecked:
        errors.setdefault("q", []).append(PHRASE_UNCHECKED)
    return errors


def decisions_csv(request):
    ids = matching_ids(register_filters(request.GET))

    def lines():
        yield csv_line(FIELDS)
        for chunk in _matching_rows(request, ids, "csv"):
            yield "".join(chunk)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="decisions.csv"'
    return response


def decisions_json(request):
    filters = register_filters(request.GET)
    ids = matching_ids(filters)  # searched first, so the errors say how
    errors = json.dumps(filter_errors(filters), ensure_ascii=False)

    def chunks():
        yield '{"fields": ' + json.dumps(list(FIELDS)) + ', "errors": ' + errors
        yield ', "decisions": ['
        written = 0
        for chunk in _matching_rows(request, ids, "json"):
            yield ("," if written and chunk else "") + ",".join(chunk)
            written += len(chunk)
        yield "]}"

    return StreamingHttpResponse(chunks(), content_type="application/json")
