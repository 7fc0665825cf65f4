"""The Commissioner's steps: sending back, signing (which numbers, freezes and queues
the notice's PDF), and signing a proposed amendment or withdrawal. Each signing is
bound to what its page showed: a digest of it comes back with the form."""

import dataclasses

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from decisions import notices, notifications, publishing
from decisions.models import (
    Amendment,
    InterestDeclaration,
    NumberingSeries,
    RegisterVersion,
    Signatory,
    VersionEvent,
)
from decisions.models.decision import reference_slug
from decisions.models.parts import AmendmentKind
from decisions.workflow import reminders
from decisions.workflow.forms import SignedPageForm, SignForm, text_form
from decisions.workflow.steps import (
    SIGN_PERMISSION,
    SIGNER,
    Guard,
    S,
    TransitionRefused,
    locked,
    log,
    record,
    required,
    return_to_draft,
    step,
)

THE_COMMISSIONER = f"the {SIGNER}"
CHANGED_SINCE_SEEN = "This draft changed after you opened this page: review it again."
NO_SIGNATORY_TERM = (
    "Your account is not linked to a current term of office as a signatory. "
    "An administrator can add it under Signatories."
)


def signatory_for(user) -> Signatory | None:
    if user is None or not user.is_authenticated:
        return None
    today = timezone.localdate()
    return (
        Signatory.objects.filter(user=user, term_start__lte=today)
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=today))
        .order_by("-term_start")
        .first()
    )


def pending_amendment(decision):
    """The amendment or withdrawal waiting for signature (there is at most one)."""
    return decision.amendments.filter(signed_at__isnull=True).order_by("proposed_at").first()


HAS_A_TERM = Guard(lambda decision, user: signatory_for(user) is not None, NO_SIGNATORY_TERM)
SOMETHING_WAITING = Guard(
    lambda decision, user: pending_amendment(decision) is not None,
    "No amendment or withdrawal of this decision is waiting for signature.",
)


@step(
    label="Send back to draft",
    sources=[S.READY],
    permission=SIGN_PERMISSION,
    who=THE_COMMISSIONER,
    explanation="The decision returns to the office as a draft, with your reason, and the "
    "drafter is emailed.",
    done="Sent back to draft, with your reason.",
    form=text_form("reason", "Why you are sending it back"),
)
def send_back(decision, *, by, reason, expected_version=None):
    reason = required(reason, "a reason for sending it back")
    why = f"Sent back by the Commissioner: {reason}"
    row = return_to_draft("send_back", decision, by, expected_version, why)
    transaction.on_commit(lambda: notifications.sent_back(row, reason))
    return row


def _sign_page(decision, user):
    """The exact notice that will be published, and the digest of it the form carries."""
    notice = notices.draft_notice(notices.notice_queryset().get(pk=decision.pk))
    digest = notices.signing_digest(notice, signatory=signatory_for(user))
    return {"notice": notice}, {"seen": digest}


@step(
    label="Sign",
    sources=[S.READY],
    permission=SIGN_PERMISSION,
    who=THE_COMMISSIONER,
    explanation="You sign the notice exactly as previewed. It is given the next reference "
    "of its series, frozen, and published on the public register at once.",
    done="Signed and published.",
    form=SignForm,
    guards=[HAS_A_TERM],
    page=_sign_page,
)
def sign(decision, *, by, declaration, interests="", seen=None, expected_version=None):
    """Sign: number, freeze and publish the decision, in one short transaction.

    `seen` is the digest of the notice the Commissioner previewed: if anything it
    shows has changed since, nothing is signed. The PDF is made by the background
    worker once this commits, so no signing waits on another's rendering.
    """
    if declaration not in (InterestDeclaration.NONE, InterestDeclaration.DECLARED):
        raise TransitionRefused("Confirm the declaration of interests before signing.")
    interests = (interests or "").strip()
    if declaration == InterestDeclaration.DECLARED and not interests:
        raise TransitionRefused("Describe the interest you declare, or declare none.")
    with transaction.atomic():
        row = locked("sign", decision, by, expected_version)
        signatory = signatory_for(by)
        previewed = notices.draft_notice(notices.notice_queryset().get(pk=row.pk))
        if seen is not None and seen != notices.signing_digest(previewed, signatory=signatory):
            raise TransitionRefused(CHANGED_SINCE_SEEN)
        now = timezone.now()
        # The series is locked until this commits: two signings at once wait for each
        # other, so no number repeats and none is passed over.
        row.series_id = row.series_id or NumberingSeries.objects.default().pk
        series = NumberingSeries.objects.select_for_update().get(pk=row.series_id)
        row.reference_period, row.reference_number, row.reference = series.next_reference(
            timezone.localdate(now)
        )
        row.slug = reference_slug(row.reference)
        row.signatory = signatory
        row.signed_name = signatory.name
        row.signed_title = signatory.title
        row.declaration = declaration
        row.interests_declared = interests if declaration == InterestDeclaration.DECLARED else ""
        row.signed_at = row.published_at = now
        row.status = S.SIGNED
        # Exactly what was previewed, now with its number and signature.
        signed = notices.with_signature(previewed, row)
        freeze_search_and_boards(row, signed)
        record(row, by, f"Signed as {row.reference}")
        publishing.record_version(row, notice=signed, event=VersionEvent.SIGNED, at=now)
        RegisterVersion.bump()
        reminders.schedule_for_decision(row)
        transaction.on_commit(lambda: notifications.signed(row))
    return row


def freeze_search_and_boards(row, notice):
    """The columns signing fixes beside the notice's content: its search text and boards."""
    row.search_document = notices.search_document(notice)
    row.signed_boards = "; ".join(notice.boards)
    row.set_search_vector()


def amendment_digest(amendment, signatory, standing=None) -> str:
    """What the Commissioner sees on an amendment's sign page: the notice as it stands,
    the amendment's text, and who signs."""
    notice = standing or publishing.current_notice(amendment.decision)
    change = {"kind": amendment.kind, "change_note": amendment.change_note, "body": amendment.body}
    return notices.signing_digest(notice, signatory=signatory, change=change)


def _sign_amendment_page(decision, user):
    """The notice exactly as signing will publish it, the change in place and signed by
    this user today, as the decision's own sign page shows the notice it will publish."""
    amendment = pending_amendment(decision)
    signatory = signatory_for(user)
    standing = publishing.current_notice(decision)
    digest = amendment_digest(amendment, signatory, standing)
    as_signed = _change(amendment, timezone.now(), signatory.name, signatory.title)
    result = dataclasses.replace(standing, changes=(*standing.changes, as_signed))
    return {"amendment": amendment, "notice": result}, {"seen": digest}


@step(
    label="Review and sign",
    sources=[S.SIGNED],
    permission=SIGN_PERMISSION,
    who=THE_COMMISSIONER,
    explanation="An amendment is published beside the original notice, which does not "
    "change; a withdrawn decision stays on the public register, marked withdrawn, with "
    "its reason.",
    done="The amendment or withdrawal is signed and published.",
    form=SignedPageForm,
    guards=[SOMETHING_WAITING, HAS_A_TERM],
    page=_sign_amendment_page,
)
def sign_amendment(decision, *, by, seen=None, expected_version=None):
    """The Commissioner signs the amendment or withdrawal waiting on this decision: a new
    version of the notice, published beside the unchanged original."""
    with transaction.atomic():
        row = locked("sign_amendment", decision, by, expected_version)
        amendment = Amendment.objects.select_for_update().get(pk=pending_amendment(row).pk)
        signatory = signatory_for(by)
        standing = publishing.current_notice(row)
        if seen is not None and seen != amendment_digest(amendment, signatory, standing):
            raise TransitionRefused(CHANGED_SINCE_SEEN)
        now = timezone.now()
        amendment.signatory = signatory
        amendment.signed_name = signatory.name
        amendment.signed_title = signatory.title
        amendment.signed_at = now
        amendment._history_user = by
        amendment._change_reason = f"{amendment.get_kind_display()} signed"
        amendment.save()
        withdrawal = amendment.kind == AmendmentKind.WITHDRAWAL
        if withdrawal:
            row.status = S.WITHDRAWN
            row.withdrawn_at = now
            row.withdrawal_reason = amendment.change_note
            record(
                row, by, f"Withdrawn: {amendment.change_note}",
                update_fields=["status", "withdrawn_at", "withdrawal_reason", "updated_at"],
            )  # fmt: skip
        else:
            log.info("amendment %s to decision %s signed by %s", amendment.pk, row.pk, by)
        publishing.record_version(
            row,
            notice=dataclasses.replace(
                standing,
                changes=(
                    *standing.changes,
                    _change(amendment, now, amendment.signed_name, amendment.signed_title),
                ),
            ),
            event=VersionEvent.WITHDRAWN if withdrawal else VersionEvent.AMENDED,
            at=now,
            change_note=amendment.change_note,
            amendment=amendment,
        )
        RegisterVersion.bump()
        transaction.on_commit(lambda: notifications.amendment_signed(amendment))
    return amendment


def _change(amendment, signed_at, name, title) -> notices.Change:
    return notices.Change(
        kind=amendment.kind,
        signed_at=signed_at,
        name=name,
        title=title,
        change_note=amendment.change_note,
        body=amendment.body,
    )
