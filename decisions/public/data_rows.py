"""The register as open data, a row a decision: the fields (their names and meanings,
documented on /open-data/), how a decision's row is made from its public parts, and how
it is kept. The API's pages, the CSV and the JSON download all write these rows.

Making a row reads a decision's versions, PDFs, amendments and withheld parts: half a
millisecond, so a year's CSV (5,000 rows at 100,000 decisions) took 2.5 s and an API page
of 100 took 39 ms. Each row is kept in Django's cache under what can still change it
once its decision is on the register, read for a page's decisions in one query: how
many versions it has (a signed decision changes only by a signed amendment, withdrawal or
release, and each adds one: freeze.py), how many PDFs (one is made after each version)
and how many reviews of its parts (a part kept to a later date). All three are only
ever added to.
So a kept row is never stale, and a signing leaves every other decision's row kept.
"""

import csv
import hashlib
import json
import sys
from functools import cache
from importlib import metadata
from pathlib import Path

from django.db.models import Count, Exists, OuterRef, Prefetch, Subquery
from django.urls import reverse

from decisions import made_pages, markup, spreadsheets
from decisions.kept import kept
from decisions.markup import plain_text
from decisions.models import (
    Amendment,
    ConfidentialPart,
    Decision,
    NoticeDocument,
    NoticeVersion,
    ReleaseReview,
    parts,
    publication,
    reviews,
)
from decisions.models import decision as decision_model
from decisions.models.parts import AmendmentKind
from decisions.spreadsheets import escape_cell

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


def rows(request, decisions):
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


def flat(row: dict) -> dict:
    """A row for the CSV: its lists (withheld parts, amendments, versions) as one line an
    item, in a cell each."""
    withheld = (
        f"{w['ground'] or 'not stated'}; review after {w['review_on'] or 'no date set'}"
        for w in row["withheld"]
    )
    amendments = (f"{a['signed_on']} {a['kind']}: {a['change_note']}" for a in row["amendments"])
    versions = (
        f"{v['version']} {v['signed_on']} {v['event']} {v['pdf_url']} {v['pdf_sha256']}"
        for v in row["versions"]
    )
    return {
        **row,
        "withheld": "\n".join(withheld),
        "amendments": "\n".join(amendments),
        "versions": "\n".join(versions),
    }


class _Echo:
    def write(self, value):
        return value


_CSV = csv.writer(_Echo())


def csv_line(cells) -> str:
    """One line of CSV, each cell a spreadsheet would run as a formula escaped."""
    return _CSV.writerow([escape_cell(cell) for cell in cells])


# How a kept row is kept, by name: written out once, as a CSV line and as JSON (writing
# a year's 5,000 rows was a third of its CSV's cost, and a third of an API page's).
WRITTEN = {
    "csv": lambda row: csv_line(flat(row)[name] for name in FIELDS),
    "json": lambda row: json.dumps(row, ensure_ascii=False),
}


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


def _how_many(model, link):
    """How many rows of `model` (one that is only ever added to) the decision has: read
    from the index on its link alone."""
    theirs = model.objects.filter(**{link: OuterRef("pk")}).order_by().values(link)
    return Subquery(theirs.annotate(count=Count("*")).values("count"))


def _changes(ids) -> dict[int, str]:
    """Each decision's marks of what can change its row (module docstring), by id: how
    many versions, PDFs and reviews it has, each only ever added to, so counted from
    the indexes alone. (The latest of each, read from its table, and sorted as the
    model's order, took twice as long in PostgreSQL: 5.4 ms for 500 decisions.)"""
    marked = (
        Decision.objects.filter(pk__any_of=ids)
        .order_by()
        .annotate(
            version_count=_how_many(NoticeVersion, "decision"),
            document_count=_how_many(NoticeDocument, "decision"),
            review_count=_how_many(ReleaseReview, "part__decision"),
        )
        .values_list("pk", "version_count", "document_count", "review_count")
    )
    return {pk: f"{v}:{d}:{r}" for pk, v, d, r in marked}


# What a row is made with, beside the URLs it links to: this module, the text and cell
# cleaning it calls (and the libraries under them), and the models whose fields, labels
# and methods it reads (a withheld part's review date is read through reviews).
MADE_WITH = (
    sys.modules[__name__],
    markup,
    spreadsheets,
    decision_model,
    parts,
    publication,
    reviews,
)
LIBRARIES = ("nh3", "markdown-it-py")


@cache
def fingerprint() -> str:
    """What makes a row, as deployed. Rows are kept under it, not under the whole
    release's: a deploy that changes pages or styles keeps every row (at 100,000
    decisions they take 90 s to make again), and one that changes how a row is made
    is never served a row made by the last."""
    digest = hashlib.sha256()
    for module in MADE_WITH:
        digest.update(Path(module.__file__).read_bytes())
    for library in LIBRARIES:
        digest.update(metadata.version(library).encode())
    digest.update(reverse("decisions:detail", kwargs={"slug": "s"}).encode())
    digest.update(reverse("decisions:version_pdf", args=["s", 1]).encode())
    return digest.hexdigest()[:16]


def kept_rows(request, ids, written) -> list[str]:
    """The rows of these decisions, in order, as WRITTEN names: those kept read from the
    cache, the others made and kept. Keyed also by what makes a row (fingerprint()) and
    the site's own address (a row's links are absolute)."""
    site = hashlib.sha256(request.build_absolute_uri("/").encode()).hexdigest()[:16]
    marks = _changes(ids)

    def key(pk, name):
        return f"data-{name}:{fingerprint()}:{site}:{pk}:{marks[pk]}"

    keys = {pk: key(pk, written) for pk in marks}
    pks = {k: pk for pk, k in keys.items()}

    def make(missing):
        chosen = Decision.objects.filter(pk__any_of=[pks[k] for k in missing])
        decisions = list(export_queryset(chosen))
        made = zip(decisions, rows(request, decisions), strict=True)
        # Kept in every written form at once: making the row is the cost, not writing it.
        return {key(d.pk, name): write(row) for d, row in made for name, write in WRITTEN.items()}

    found = kept(list(pks), make)
    return [found[keys[pk]] for pk in ids if pk in keys and keys[pk] in found]


def make_when_served(decision, **signal_kwargs) -> None:
    """Make a decision's rows before anyone asks, as its row in the register's lists is
    made (publishing.served: once its latest version's PDF is stored, the last change a
    signing makes to what keys its row), for readers of the site's own address."""
    kept_rows(made_pages.anonymous_request("/"), [decision.pk], "json")  # and the CSV's
