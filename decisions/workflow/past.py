"""Recording what happened before this register existed: a decision already signed,
a draft already put to a board. Used by the demo loader; never by a button."""

import dataclasses
import datetime
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from decisions import notices, publishing
from decisions.models import (
    AgendaItem,
    BoardMeeting,
    ConfidentialPart,
    Decision,
    DecisionLink,
    DecisionMakerRole,
    DecisionStatus,
    InterestDeclaration,
    NumberingSeries,
    RegisterVersion,
    VersionEvent,
)
from decisions.models.decision import reference_slug
from decisions.pdf_text import pdf_text
from decisions.references import REFERENCE_MAX_LENGTH
from decisions.workflow import reminders
from decisions.workflow.signing import freeze_search_and_boards
from decisions.workflow.steps import S, TransitionRefused, record


def _noon(day: datetime.date) -> datetime.datetime:
    # The records give dates, not times: midday, office time.
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def record_signed_decision(
    decision, *, reference, signatory, signed_on: datetime.date, declaration, reason, by=None
):
    """Enter a decision signed before this register existed, exactly as it was signed."""
    with transaction.atomic():
        row = Decision.objects.select_for_update().get(pk=decision.pk)
        if row.is_signed:
            raise TransitionRefused("This decision is already signed.")
        row.reference = reference
        row.slug = reference_slug(reference)
        # Written in its series' pattern, it takes its place in the series, so the next
        # signing follows it; written another way, it keeps its reference and no number.
        row.reference_period, row.reference_number = row.series.read(reference, signed_on) or (
            None,
            None,
        )
        row.signatory = signatory
        row.signed_name = signatory.name
        row.signed_title = signatory.title
        row.declaration = declaration
        row.signed_at = row.published_at = _noon(signed_on)
        row.status = S.SIGNED
        signed = notices.with_signature(
            notices.draft_notice(notices.notice_queryset().get(pk=row.pk)), row
        )
        freeze_search_and_boards(row, signed)
        record(row, by, reason)
        publishing.record_version(row, notice=signed, event=VersionEvent.SIGNED, at=row.signed_at)
        RegisterVersion.bump()
        reminders.schedule_for_decision(row)
    return row


def record_board_item(decision, *, meeting: BoardMeeting, authors=(), reason, **report):
    """Enter a draft that was put to a board meeting before this register existed."""
    with transaction.atomic():
        row = Decision.objects.select_for_update().get(pk=decision.pk)
        if row.status != S.DRAFT:
            raise TransitionRefused("Only a draft can be put on an agenda.")
        item = AgendaItem.objects.create(
            meeting=meeting, decision=row, number=meeting.items.count() + 1, **report
        )
        item.authors.set(authors)
        row.status = S.WITH_BOARD
        row.put_to_board_at = _noon(meeting.date)
        record(row, None, reason)
    return item


@dataclass(frozen=True)
class PastDecision:
    """A decision made before this register existed, as the office's earlier register
    records it: entered by hand ("Record a past decision") or by import_register."""

    reference: str
    title: str
    decision_maker_name: str
    decision_maker_title: str = ""
    decision_maker_role: str = DecisionMakerRole.OFFICE_HOLDER
    series: NumberingSeries | None = None
    summary: str = ""
    text: str = ""
    signed_on: datetime.date | None = None
    published_on: datetime.date | None = None
    effective_on: datetime.date | None = None
    contact_names: tuple[str, ...] = ()
    links_to: tuple[str, ...] = ()
    # Each confidential part as the public is told of it: (exemption ground, review date).
    withheld: tuple[tuple[str, datetime.date | None], ...] = ()
    pdf: bytes | None = field(default=None, repr=False)
    # An entry that is not a published notice: deferred, withdrawn before signature, or
    # not published, with the public reason.
    status: str = DecisionStatus.SIGNED
    register_note: str = ""


ENTRY_STATUSES = (
    DecisionStatus.DEFERRED, DecisionStatus.WITHDRAWN_UNSIGNED, DecisionStatus.NOT_PUBLISHED,
)  # fmt: skip


def past_decision_problems(past: PastDecision) -> list[tuple[str, str]]:
    """(field, message) for everything that stops this record being entered as given."""
    problems = []
    reference = past.reference.strip()
    if not reference:
        problems.append(("reference", "Give the reference as the earlier register wrote it."))
    elif len(reference) > REFERENCE_MAX_LENGTH:
        problems.append(("reference", f"Is longer than {REFERENCE_MAX_LENGTH} characters."))
    elif not reference_slug(reference):
        problems.append(("reference", "Needs at least one letter or digit."))
    elif Decision.objects.filter(slug=reference_slug(reference)).exists():
        # The slug is unique and indexed, and any two references that differ only in
        # case or punctuation share it: one lookup, however long the register.
        problems.append(("reference", f"{reference} is already on the register."))
    entry = past.status in ENTRY_STATUSES
    if past.status != DecisionStatus.SIGNED and not entry:
        problems.append(("status", "Use signed, deferred, withdrawn before signature or not "
                                   "published."))  # fmt: skip
    if entry and past.pdf is not None:
        problems.append(("pdf", "An entry that is not a published notice has no PDF."))
    if past.status == DecisionStatus.NOT_PUBLISHED and not past.register_note.strip():
        problems.append(("reason_not_published", "Give the public reason it is not published."))
    if not past.title.strip() and not entry:
        problems.append(("title", "Give the decision's title."))
    if not past.decision_maker_name.strip() and not entry:
        problems.append(("decision_maker_name", "Give who made the decision."))
    if past.decision_maker_role not in DecisionMakerRole.values:
        problems.append((
            "decision_maker_role",
            f"Use one of: {', '.join(DecisionMakerRole.values)}.",
        ))  # fmt: skip
    if past.pdf is not None and not past.pdf.startswith(b"%PDF-"):
        problems.append(("pdf", "Is not a PDF file."))
    return problems


def record_past_decision(past: PastDecision, *, by=None) -> Decision:
    """Enter a decision from the office's earlier register: on the public register at
    once, with its original PDF (if given) as the official copy, in its series so that
    the next signing follows it. Refuses, changing nothing, if any problem is found."""
    if problems := past_decision_problems(past):
        raise TransitionRefused(" ".join(f"{name}: {message}" for name, message in problems))
    if past.status in ENTRY_STATUSES:
        return _record_entry(past, by)
    with transaction.atomic():
        decision = Decision.objects.create(
            title=past.title.strip(),
            executive_summary=past.summary,
            decision_text=past.text,
            public_access_statement="",
            series=past.series or NumberingSeries.objects.default(),
            created_by=by,
            from_earlier_register=True,
        )
        for ground, review_on in past.withheld:
            ConfidentialPart.objects.create(
                decision=decision, heading="Withheld", exemption=ground, release_after=review_on
            )
        for reference in past.links_to:
            target = Decision.objects.published().filter(slug=reference_slug(reference)).first()
            DecisionLink.objects.create(
                from_decision=decision, to_decision=target, to_reference="" if target else reference
            )
        row = Decision.objects.select_for_update().get(pk=decision.pk)
        reference = past.reference.strip()
        row.reference, row.slug = reference, reference_slug(reference)
        known = past.signed_on or past.published_on or past.effective_on
        read = row.series.read(reference, known)
        row.reference_period, row.reference_number = read or (None, None)
        row.signed_name = past.decision_maker_name.strip()
        row.signed_title = past.decision_maker_title.strip()
        row.decision_maker_role = past.decision_maker_role
        row.declaration = InterestDeclaration.NOT_RECORDED
        row.signed_on, row.published_on = past.signed_on, past.published_on
        row.effective_on = past.effective_on
        row.signed_at = _place_in_register(known, read, reference)
        row.published_at = _noon(past.published_on) if past.published_on else row.signed_at
        row.status = S.SIGNED
        notice = _as_recorded(row, past)
        freeze_search_and_boards(row, notice)
        if not (past.summary or past.text) and past.pdf:
            # The record gives no text of its own: search the original PDF's.
            row.search_document = f"{row.search_document}\n{pdf_text(past.pdf)}"
            row.set_search_vector()
        record(row, by, "Recorded from the office's earlier register")
        publishing.record_version(
            row, notice=notice, event=VersionEvent.SIGNED, at=row.signed_at,
            original_pdf=past.pdf,
        )  # fmt: skip
        RegisterVersion.bump()
    return row


def _record_entry(past: PastDecision, by) -> Decision:
    """An entry of the earlier register that is not a notice: on the public register
    with its reference, date and reason, and nothing else (no notice, no PDF)."""
    with transaction.atomic():
        reference = past.reference.strip()
        series = past.series or NumberingSeries.objects.default()
        known = past.signed_on or past.published_on or past.effective_on
        read = series.read(reference, known)
        status = DecisionStatus(past.status)
        decision = Decision.objects.create(
            title=past.title.strip() or status.label,
            series=series,
            created_by=by,
            from_earlier_register=True,
            public_access_statement="",
        )
        row = Decision.objects.select_for_update().get(pk=decision.pk)
        row.reference, row.slug = reference, reference_slug(reference)
        row.reference_period, row.reference_number = read or (None, None)
        row.signed_on, row.published_on = past.signed_on, past.published_on
        row.signed_at = _place_in_register(known, read, reference)
        row.register_note = past.register_note.strip()
        row.search_document = "\n".join(filter(None, (reference, row.title, row.register_note)))
        row.set_search_vector()
        row.status = status
        record(row, by, f"Recorded from the office's earlier register: {status.label.lower()}")
        RegisterVersion.bump()
    return row


def _as_recorded(row, past: PastDecision) -> notices.Notice:
    """The notice as the earlier register recorded it, never with invented dates."""
    drafted = notices.draft_notice(notices.notice_queryset().get(pk=row.pk))
    on_behalf = past.decision_maker_role != DecisionMakerRole.OFFICE_HOLDER
    signature = notices.Signature(
        name=row.signed_name,
        title=row.signed_title,
        signed_at=_noon(past.signed_on) if past.signed_on else None,
        declaration=row.declaration,
        on_behalf_of=settings.DECISION_MAKER_TITLE if on_behalf else "",
    )
    return dataclasses.replace(
        drafted,
        reference=row.reference,
        signature=signature,
        earlier_register=True,
        published_on=past.published_on,
        effective_on=past.effective_on,
        lead_officers=tuple(notices.ContactDetails(name) for name in past.contact_names),
    )


def _place_in_register(known, read, reference) -> datetime.datetime:
    """Where an entry sits in the register's newest-first order. Its first known date;
    with none, the start of the year its reference names; with no year either, the
    moment it was recorded. Only its place: the public is told "not recorded"."""
    if known:
        return _noon(known)
    year = read[0] if read and read[0] else None
    if year is None and (found := re.search(r"\b(19|20)\d\d\b", reference)):
        year = int(found.group(0))
    if year:
        return _noon(datetime.date(year, 1, 1))
    return timezone.now()
