"""The register for programs: an Atom feed of new, amended and withdrawn decisions (and
confidential parts released) for any search, and the whole register as open data
(/decisions.csv, /decisions.json), streamed a chunk of rows at a time; the paged API
(api.py) shares its rows. Field names are stable and documented on /open-data/; only
published decisions, only their public parts; CSV cells a spreadsheet would run as a
formula are escaped.
"""

import csv
import json

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Exists, Max, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from decisions.markup import plain_text
from decisions.models import Amendment, ConfidentialPart, Decision, NoticeDocument, NoticeVersion
from decisions.models.parts import AmendmentKind
from decisions.public.finding import register_filters
from decisions.public.register import register_queryset
from decisions.spreadsheets import escape_cell

FEED_SIZE = 50
# Rows read from the database at a time by the streamed exports: their memory stays
# the same whatever the register's size.
CHUNK_SIZE = 500


class DecisionFeed(Feed):
    feed_type = Atom1Feed
    description_template = None

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return register_filters(request.GET)

    def title(self, filters):
        base = f"Decisions of the {settings.OFFICE_NAME}"
        return f"{base}: “{filters.query_text}”" if filters.query_text else base

    def link(self, filters):
        query = self.request.GET.urlencode()
        return "/decisions/" + (f"?{query}" if query else "")

    def subtitle(self, filters):
        if filters.has_filter_error:
            reasons = " ".join(m for messages in filter_errors(filters).values() for m in messages)
            return f"No decisions match these filters. {reasons}"
        return "New, amended and withdrawn decisions, newest first."

    # RFC 4287 4.1.1: a feed names its author, unless every entry does.
    def author_name(self):
        return settings.OFFICE_NAME

    def author_link(self):
        return self.request.build_absolute_uri("/")

    def items(self, filters):
        changed = Greatest(
            "signed_at",
            Coalesce("withdrawn_at", "signed_at"),
            Coalesce(
                Max("amendments__signed_at", filter=Q(amendments__signed_at__isnull=False)),
                "signed_at",
            ),
        )
        matching = filters.apply(register_queryset())
        candidates = register_queryset().filter(pk__in=_latest_changed(matching))
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


# Field name -> what it holds. The order is the CSV's column order. Never rename.
FIELDS = {
    "reference": "The decision's reference, as the office writes it.",
    "title": "The title of the decision.",
    "status": "published, amended or withdrawn; or, for an entry of the office's earlier "
    "register that is not a notice: deferred, withdrawn before signature, or not published.",
    "signed_on": "Date signed (YYYY-MM-DD); empty where an earlier register did not record it.",
    "published_on": "Date published (YYYY-MM-DD); empty where an earlier register did not "
    "record it.",
    "withdrawn_on": "Date withdrawn (YYYY-MM-DD), if it was.",
    "withdrawal_reason": "Why it was withdrawn, if it was.",
    "signed_by": "Who signed it.",
    "signed_by_title": "Their title on the day they signed.",
    "executive_summary": "The executive summary, as plain text.",
    "decision": "The decision itself, as plain text.",
    "boards": "The boards it was put to, separated by '; '.",
    "url": "The notice's permanent web address.",
    "pdf_url": "The official PDF notice.",
    "pdf_sha256": "SHA-256 of the current PDF notice.",
    "amendments": "Each signed amendment, withdrawal and release of a confidential part "
    "(kind 'release', its text the part published): its date, kind, change note and "
    "amended text. In the CSV, one per line: 'YYYY-MM-DD kind: change note'.",
    "versions": "Each signed version of the notice (1 is as first signed): its date, what "
    "happened, and the address and SHA-256 of its PDF. In the CSV, one per line.",
    "withheld": "Each confidential part that is not published: its exemption ground and "
    "the date it is to be reviewed for release, the later one where it was kept at a "
    "review (never its content). In the CSV, one per "
    "line: 'ground; review after YYYY-MM-DD'.",
    "reason_not_published": "Why an entry that is not a notice was not published.",
}


def _amendments(decision) -> list[dict]:
    return [
        {
            "signed_on": amendment.signed_at.date().isoformat(),
            "kind": amendment.kind,
            "signed_by": amendment.signed_name,
            "change_note": amendment.change_note,
            "amended_text": amendment.body,
        }
        for amendment in decision.signed_amendments
    ]


def _versions(request, decision) -> list[dict]:
    rows = []
    for version in decision.versions.all():
        document = getattr(version, "document", None)  # None until its PDF is made
        pdf = reverse("decisions:version_pdf", args=[decision.slug, version.number])
        rows.append(
            {
                "version": version.number,
                "event": version.event,
                "signed_on": version.at.date().isoformat(),
                "pdf_url": request.build_absolute_uri(pdf) if document else "",
                "pdf_sha256": document.sha256 if document else "",
                "content_sha256": version.content_sha256,
            }
        )
    return rows


def _iso(day) -> str:
    return day.isoformat() if day else ""


def rows(request, decisions, *, flat=False):
    for decision in decisions:
        document = decision.latest_documents[0] if decision.latest_documents else None
        withdrawn = decision.withdrawn_at
        url = request.build_absolute_uri(decision.get_absolute_url())
        amendments, versions = _amendments(decision), _versions(request, decision)
        withheld = [
            {
                "ground": part.exemption,
                # Its review date now: its own, or the later one set when it was kept.
                "review_on": part.review_on.isoformat() if part.review_on else "",
            }
            for part in decision.confidential_parts.all()
        ]
        if flat:
            withheld = "\n".join(
                f"{w['ground'] or 'not stated'}; review after {w['review_on'] or 'no date set'}"
                for w in withheld
            )
            amendments = "\n".join(
                f"{a['signed_on']} {a['kind']}: {a['change_note']}" for a in amendments
            )
            versions = "\n".join(
                f"{v['version']} {v['signed_on']} {v['event']} {v['pdf_url']} {v['pdf_sha256']}"
                for v in versions
            )
        status = "withdrawn" if decision.is_withdrawn else "published"
        if status == "published" and decision.is_amended:
            status = "amended"
        if decision.is_entry:
            status = decision.get_status_display().lower()
        yield {
            "reference": decision.reference,
            "title": decision.title,
            "status": status,
            "reason_not_published": decision.register_note,
            "signed_on": _iso(decision.signed_date),
            "published_on": _iso(decision.published_date),
            "withdrawn_on": withdrawn.date().isoformat() if withdrawn else "",
            "withdrawal_reason": decision.withdrawal_reason,
            "signed_by": decision.signed_name,
            "signed_by_title": decision.signed_title,
            "executive_summary": plain_text(decision.executive_summary),
            "decision": plain_text(decision.decision_text),
            "boards": decision.signed_boards,
            "url": url,
            "pdf_url": url.rstrip("/") + ".pdf" if document else "",
            "pdf_sha256": document.sha256 if document else "",
            "withheld": withheld,
            "amendments": amendments,
            "versions": versions,
        }  # fmt: skip


def export_queryset(queryset):
    amended = Amendment.objects.filter(
        decision=OuterRef("pk"), kind=AmendmentKind.AMENDMENT, signed_at__isnull=False
    )
    return (
        # The search index is no reader's: ten kilobytes and more a row, never written out.
        queryset.defer("search_document", "search_vector")
        .annotate(is_amended=Exists(amended))
        .prefetch_related(
            Prefetch(
                "documents",
                queryset=NoticeDocument.objects.all(),
                to_attr="latest_documents",
            ),
            Prefetch("confidential_parts", queryset=ConfidentialPart.objects.withheld_notes()),
            Prefetch(
                "amendments",
                queryset=Amendment.objects.filter(signed_at__isnull=False).order_by("signed_at"),
                to_attr="signed_amendments",
            ),
            Prefetch(
                "versions",
                queryset=NoticeVersion.objects.defer("content").select_related("document"),
            ),
        )
        .order_by("-signed_at", "-id")
    )


def _filtered(filters):
    return export_queryset(filters.apply(Decision.objects.on_register()))


def filter_errors(filters) -> dict[str, list[str]]:
    """Why a filter matched nothing, by field, for programs ("year": ["There are no…"])."""
    return {
        ("q" if name == "__all__" else name): [str(message) for message in messages]
        for name, messages in filters.errors.items()
    }


class _Echo:
    def write(self, value):
        return value


def decisions_csv(request):
    writer = csv.writer(_Echo())

    filters = register_filters(request.GET)

    def lines():
        yield writer.writerow(FIELDS)
        for row in rows(request, _filtered(filters).iterator(chunk_size=CHUNK_SIZE), flat=True):
            yield writer.writerow([escape_cell(row[name]) for name in FIELDS])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="decisions.csv"'
    return response


def decisions_json(request):
    filters = register_filters(request.GET)
    errors = json.dumps(filter_errors(filters), ensure_ascii=False)

    def chunks():
        yield '{"fields": ' + json.dumps(list(FIELDS)) + ', "errors": ' + errors
        yield ', "decisions": ['
        for index, row in enumerate(
            rows(request, _filtered(filters).iterator(chunk_size=CHUNK_SIZE))
        ):
            yield ("," if index else "") + json.dumps(row, ensure_ascii=False)
        yield "]}"

    return StreamingHttpResponse(chunks(), content_type="application/json")
