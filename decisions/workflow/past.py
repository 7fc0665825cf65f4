"""Recording what happened before this register existed: a decision already signed,
a draft already put to a board. Used by the demo loader; never by a button."""

import datetime

from django.db import transaction
from django.utils import timezone

from decisions import notices, publishing
from decisions.models import AgendaItem, BoardMeeting, Decision, RegisterVersion, VersionEvent
from decisions.models.decision import reference_slug
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
