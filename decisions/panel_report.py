"""The report to the Police and Crime Panel: what it holds, and its two files
(decisions/models/panel_report.py says what it is for).

Everything in it is read from what the public may already read, the ways the public
side reads it: each decision event is a signed version of a published decision, read
as its Notice (which never holds a confidential part); the plan is
ForwardPlanEntry.objects.upcoming(), with what the public page shows of each entry; a
meeting's items are named only where the law makes its papers public (the rule of
AgendaItem.objects.public_papers()). Nothing here reads a draft's own words.

The worker makes a report (decisions/tasks.py): like a notice's PDF, it is read and
rendered with nothing locked, then stored in one short transaction.
"""

import csv
import datetime
import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from decisions import office_key, pdf
from decisions.models import (
    AgendaItem,
    BoardMeeting,
    Decision,
    ForwardPlanEntry,
    NoticeVersion,
    PanelReport,
    VersionEvent,
)
from decisions.notices import Notice
from decisions.spreadsheets import escape_cell

PANEL = "Police and Crime Panel"
CSV_FIELDS = ["reference", "title", "event", "date", "signed_by", "note", "url"]


@dataclass(frozen=True)
class DecisionEvent:
    """A decision signed, amended or withdrawn, as its signed version records it."""

    reference: str
    title: str
    event: str  # a VersionEvent
    on: datetime.date
    signed_by: str
    note: str  # an amendment's public change note, or why it was withdrawn
    url: str


@dataclass(frozen=True)
class PlannedDecision:
    """An entry of the forward plan, in the words the public page gives it."""

    title: str
    description: str
    expected_month: datetime.date
    meetings: tuple[str, ...]
    gates: tuple[str, ...]


@dataclass(frozen=True)
class MeetingHeld:
    board: str
    date: datetime.date
    start_time: datetime.time | None
    place: str
    held_in_public: bool
    agenda_published: bool
    # Each item in agenda order: its public title, or "Private item". Empty when the
    # agenda is not public (not yet published, or the meeting was held in private).
    items: tuple[str, ...]
    url: str


@dataclass(frozen=True)
class PanelReportContents:
    office_name: str
    date_from: datetime.date
    date_to: datetime.date
    prepared_at: datetime.datetime
    prepared_by: str
    events: tuple[DecisionEvent, ...]
    plan: tuple[PlannedDecision, ...]
    meetings: tuple[MeetingHeld, ...]

    @property
    def period(self) -> str:
        return f"{date_format(self.date_from, 'j F Y')} to {date_format(self.date_to, 'j F Y')}"

    def _of(self, event) -> list[DecisionEvent]:
        return [e for e in self.events if e.event == event]

    @property
    def signed(self):
        return self._of(VersionEvent.SIGNED)

    @property
    def amended(self):
        return self._of(VersionEvent.AMENDED)

    @property
    def withdrawn(self):
        return self._of(VersionEvent.WITHDRAWN)

    @property
    def released(self):
        return self._of(VersionEvent.RELEASED)


# --- What the report holds --------------------------------------------------------


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _signer(name: str, title: str) -> str:
    return ", ".join(part for part in (name, title) if part)


def decision_events(date_from, date_to) -> tuple[DecisionEvent, ...]:
    """Every version signed from the first day to the last, by the day it was signed in
    the office's time zone, oldest first."""
    versions = (
        NoticeVersion.objects.filter(
            decision__in=Decision.objects.published(),
            at__gte=_start_of(date_from),
            at__lt=_start_of(date_to + datetime.timedelta(days=1)),
        )
        .annotate(slug=F("decision__slug"))
        .order_by("at", "pk")
    )
    events = []
    for version in versions:
        notice = Notice.from_json(version.content)
        if version.event == VersionEvent.SIGNED:
            # A decision from an earlier register whose record gives no date is only
            # placed in the register by `at`: it was signed on no day we know of.
            if notice.signature is None or notice.signature.signed_at is None:
                continue
            signed_by = _signer(notice.signature.name, notice.signature.title)
        else:
            change = notice.changes[-1]
            signed_by = _signer(change.name, change.title)
        url = settings.SITE_URL + reverse("decisions:detail", kwargs={"slug": version.slug})
        on = timezone.localdate(version.at)
        events.append(
            DecisionEvent(
                notice.reference,
                notice.title,
                version.event,
                on,
                signed_by,
                version.change_note,
                url,
            )  # fmt: skip
        )
    return tuple(events)


def _gate(gate) -> str:
    # As the public forward plan words it.
    if gate.milestone_planned:
        return f"Gate {gate.gate}: planned for {date_format(gate.milestone_planned, 'F Y')}"
    return f"Gate {gate.gate}: not yet planned"


def forward_plan() -> tuple[PlannedDecision, ...]:
    entries = ForwardPlanEntry.objects.upcoming().with_meetings_and_gateways()
    return tuple(
        PlannedDecision(
            title=entry.title,
            description=entry.description,
            expected_month=entry.expected_month,
            meetings=tuple(str(item.meeting) for item in entry.decision.agenda_items.all()),
            gates=tuple(_gate(gate) for gate in entry.decision.gateways.all()),
        )
        for entry in entries
    )


def _public_item(item) -> str:
    if not item.is_public_paper:
        return "Private item"
    title = item.report_title or item.decision.title
    if item.decision.is_signed:
        return f"{title} (since decided: {item.decision.reference})"
    return title


def meetings_held(date_from, date_to) -> tuple[MeetingHeld, ...]:
    """The board meetings dated in the period, up to today: one still to come is not held."""
    items = AgendaItem.objects.select_related("decision").defer(
        "decision__search_document", "decision__search_vector"
    )
    meetings = (
        BoardMeeting.objects.filter(
            date__gte=date_from, date__lte=min(date_to, timezone.localdate())
        )
        .select_related("board")
        .prefetch_related(Prefetch("items", queryset=items.order_by("number")))
        .order_by("date", "start_time", "pk")
    )
    held = []
    for meeting in meetings:
        public = meeting.held_in_public and meeting.agenda_published_at is not None
        held.append(
            MeetingHeld(
                board=meeting.board.name,
                date=meeting.date,
                start_time=meeting.start_time,
                place=meeting.place,
                held_in_public=meeting.held_in_public,
                agenda_published=meeting.agenda_published_at is not None,
                items=tuple(_public_item(item) for item in meeting.items.all()) if public else (),
                url=settings.SITE_URL + reverse("decisions:meeting", args=[meeting.pk]),
            )
        )
    return tuple(held)


def contents(date_from, date_to, *, prepared_at, prepared_by: str) -> PanelReportContents:
    return PanelReportContents(
        office_name=settings.OFFICE_NAME,
        date_from=date_from,
        date_to=date_to,
        prepared_at=prepared_at,
        prepared_by=prepared_by,
        events=decision_events(date_from, date_to),
        plan=forward_plan(),
        meetings=meetings_held(date_from, date_to),
    )


# --- Its files ------------------------------------------------------------------


def csv_bytes(report: PanelReportContents) -> bytes:
    """One row per decision event, each cell safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_FIELDS)
    for e in report.events:
        row = [e.reference, e.title, e.event, e.on.isoformat(), e.signed_by, e.note, e.url]
        writer.writerow([escape_cell(cell) for cell in row])
    return out.getvalue().encode("utf-8")


def unmade():
    """Reports asked for and not made yet: queued, or lost by a worker that died."""
    return PanelReport.objects.filter(prepared_at__isnull=True).order_by("asked_at", "pk")


def make(report_id: int) -> PanelReport:
    """Read the register, render the PDF and write the CSV of one report asked for, and
    store them on it. A report already made is left as it is (a retry, a second worker)."""
    report = PanelReport.objects.select_related("prepared_by").get(pk=report_id)
    if report.is_prepared:
        return report
    now = timezone.now()
    who = report.prepared_by.get_full_name() or report.prepared_by.get_username()
    made = contents(report.date_from, report.date_to, prepared_at=now, prepared_by=who)
    # Signed with the office's key, as the notices are: the Panel can tell the report
    # came from the office unchanged, whoever forwards it.
    pdf_data = office_key.sign_pdf(
        pdf.render_panel_report_pdf(made), signing_time=now, reason=f"Report to the {PANEL}"
    )
    csv_data = csv_bytes(made)
    with transaction.atomic():
        report = PanelReport.objects.select_for_update().get(pk=report_id)
        if report.is_prepared:
            return report
        report.pdf.save("report.pdf", ContentFile(pdf_data), save=False)
        report.csv.save("report.csv", ContentFile(csv_data), save=False)
        report.pdf_sha256 = hashlib.sha256(pdf_data).hexdigest()
        report.csv_sha256 = hashlib.sha256(csv_data).hexdigest()
        report.prepared_at = now
        report.save()
    return report
