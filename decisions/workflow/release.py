"""Reviewing a signed decision's confidential parts once their review date comes: the
Commissioner releases a part (a signed step that publishes it in a new version of the
notice) or keeps it confidential until a later review date, with a reason.

Release is the Commissioner's one signed step, not a drafter's proposal signed later
(as amendments are): the words it publishes were signed with the decision, so there
is nothing for the office to draft, and the judgement that they may now be public is
the Commissioner's own. Its change note is worded from the part, so the page shows
exactly the notice that signing publishes, and its digest binds the signature to it.
"""

import dataclasses
import datetime

from django import forms
from django.db import transaction
from django.utils import timezone

from decisions import audit, notices, publishing, tasks
from decisions.models import (
    Amendment,
    AuditAction,
    ConfidentialPart,
    RegisterVersion,
    ReleaseReview,
    ReviewOutcome,
    VersionEvent,
)
from decisions.models.parts import AmendmentKind
from decisions.workflow import reminders
from decisions.workflow.forms import SignedPageForm, StepForm
from decisions.workflow.signing import HAS_A_TERM, THE_COMMISSIONER, signatory_for
from decisions.workflow.steps import (
    SIGN_PERMISSION,
    SIGNER,
    Guard,
    S,
    TransitionRefused,
    locked,
    log,
    required,
    step,
)

NOT_DUE = (
    "That confidential part is not one of this decision's parts due for review: it may "
    "have been released or reviewed already. Choose one from your home page."
)
SOMETHING_DUE = Guard(
    lambda decision, user: due_parts(decision).exists(),
    "No confidential part of this decision is due for review.",
)


def due_parts(decision):
    return ConfidentialPart.objects.due_for_review(timezone.localdate()).filter(decision=decision)


def chosen_part(decision, part_id) -> ConfidentialPart:
    """The due part the form or link names, or the first due one if it names none; a
    part of another decision, released, not yet due or not a number is refused."""
    due = due_parts(decision)
    if part_id in (None, ""):
        first = due.first()
        if first is None:
            raise TransitionRefused(NOT_DUE)
        return first
    try:
        return due.get(pk=int(part_id))
    except (ValueError, TypeError, ConfidentialPart.DoesNotExist):
        raise TransitionRefused(NOT_DUE) from None


def change_note(part) -> str:
    ground = f" withheld as “{part.exemption}”" if part.exemption else " withheld"
    return (
        f"On review, the {SIGNER} released a part of this decision{ground}. It was "
        "confidential until now and is published here; the notice as signed is unchanged."
    )


def released_change(part, signed_at, name, title) -> notices.Change:
    return notices.Change(
        kind=AmendmentKind.RELEASE,
        signed_at=signed_at,
        name=name,
        title=title,
        change_note=change_note(part),
        body=f"### {part.heading}\n\n{part.body}",
    )


def _withheld_position(decision, part, standing) -> int:
    """Where the part is in the notice's list of withheld parts: the decision's parts
    not yet released, in their order, as signing listed them. Refused if the notice
    does not list them so (a part is never published by a guess)."""
    still_withheld = list(ConfidentialPart.objects.filter(decision=decision).not_released())
    position = next((i for i, p in enumerate(still_withheld) if p.pk == part.pk), None)
    listed = standing.withheld
    if (
        position is None
        or len(listed) != len(still_withheld)
        or listed[position].ground != part.exemption
        or listed[position].review_on != part.release_after
    ):
        raise TransitionRefused(
            "The published notice does not list this part where expected, so nothing was "
            "released. Ask an administrator to check the decision's record."
        )
    return position


def as_released(decision, part, standing, signed_at, name, title) -> notices.Notice:
    """The notice with the part published as a change and no longer listed as withheld;
    every other part stays withheld."""
    position = _withheld_position(decision, part, standing)
    withheld = standing.withheld[:position] + standing.withheld[position + 1 :]
    change = released_change(part, signed_at, name, title)
    return dataclasses.replace(standing, withheld=withheld, changes=(*standing.changes, change))


def release_digest(part, signatory, standing) -> str:
    change = {"kind": AmendmentKind.RELEASE, "part": part.pk, "change_note": change_note(part),
              "body": released_change(part, None, "", "").body}  # fmt: skip
    return notices.signing_digest(standing, signatory=signatory, change=change)


def _release_page(decision, user, part=None):
    part = chosen_part(decision, part)
    signatory = signatory_for(user)
    standing = publishing.current_notice(decision)
    notice = as_released(decision, part, standing, timezone.now(), signatory.name, signatory.title)
    context = {"notice": notice, "part": part, "due_parts": list(due_parts(decision))}
    return context, {"seen": release_digest(part, signatory, standing), "part": part.pk}


class ReleaseForm(SignedPageForm):
    part = forms.CharField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label="I have read the notice above: release this part and publish it.",
        error_messages={"required": "Confirm that you have read the notice before releasing."},
    )


@step(
    label="Release a confidential part",
    sources=[S.SIGNED],
    permission=SIGN_PERMISSION,
    who=THE_COMMISSIONER,
    explanation="The part is published in a new version of the notice, with a change note, "
    "a new PDF and alerts to the public. Every other confidential part stays withheld.",
    done="Released: the part is published on the register.",
    form=ReleaseForm,
    guards=[SOMETHING_DUE, HAS_A_TERM],
    page=_release_page,
    choice="part",
)
def release_part(decision, *, by, part, seen=None, expected_version=None):
    with transaction.atomic():
        row = locked("release_part", decision, by, expected_version)
        chosen = chosen_part(row, part)  # again, under the lock: released once
        signatory = signatory_for(by)
        standing = publishing.current_notice(row)
        if seen is not None and seen != release_digest(chosen, signatory, standing):
            raise TransitionRefused(
                "The notice changed after you opened this page: review it again."
            )
        now = timezone.now()
        notice = as_released(row, chosen, standing, now, signatory.name, signatory.title)
        change = notice.changes[-1]
        # Kept as an amendment of kind "release", signed at once: the feed, the exports
        # and the decision's history list it with the amendments it sits beside.
        release = Amendment(decision=row, kind=AmendmentKind.RELEASE, proposed_by=by,
                            change_note=change.change_note, body=change.body)  # fmt: skip
        release._history_user = by
        release._change_reason = "Release proposed and signed on review"
        release.save()
        release.signatory, release.signed_at = signatory, now
        release.signed_name, release.signed_title = signatory.name, signatory.title
        release._change_reason = "Release signed"
        release.save()
        ReleaseReview.objects.create(
            part=chosen, outcome=ReviewOutcome.RELEASED, release=release, by=by, at=now
        )
        publishing.record_version(row, notice=notice, event=VersionEvent.RELEASED, at=now,
                                  change_note=change.change_note, amendment=release)  # fmt: skip
        RegisterVersion.bump()
        audit.record(AuditAction.TRANSITION, user=by, decision=row,
                     detail=f"{row.reference}: confidential part {chosen.pk} released")  # fmt: skip
        log.info("part %s of decision %s released by %s", chosen.pk, row.pk, by)
    return release


def _keep_page(decision, user, part=None):
    part = chosen_part(decision, part)
    return {"part": part, "due_parts": list(due_parts(decision))}, {"part": part.pk}


class KeepForm(StepForm):
    part = forms.CharField(widget=forms.HiddenInput)
    next_review_on = forms.DateField(
        label="Next review date",
        help_text="Published on the notice's page: the part is kept confidential until then.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reason = forms.CharField(
        label="Why it stays confidential (kept in the office's record, never published)",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_next_review_on(self):
        day = self.cleaned_data["next_review_on"]
        if day <= timezone.localdate():
            raise forms.ValidationError("Set a next review date after today.")
        return day


@step(
    label="Keep a confidential part",
    sources=[S.SIGNED],
    permission=SIGN_PERMISSION,
    who=THE_COMMISSIONER,
    explanation="The part stays confidential until the date you set, when it is due for "
    "review again. The notice's page says it was reviewed and when it will be reviewed "
    "next; your reason is kept in the office's record and never published.",
    done="Kept confidential until its next review date.",
    form=KeepForm,
    guards=[SOMETHING_DUE],
    page=_keep_page,
    choice="part",
)
def keep_part(decision, *, by, part, next_review_on, reason, expected_version=None):
    reason = required(reason, "the reason it stays confidential")
    if not isinstance(next_review_on, datetime.date) or next_review_on <= timezone.localdate():
        raise TransitionRefused("Set a next review date after today.")
    with transaction.atomic():
        row = locked("keep_part", decision, by, expected_version)
        chosen = chosen_part(row, part)
        review = ReleaseReview.objects.create(
            part=chosen, outcome=ReviewOutcome.KEPT, next_review_on=next_review_on,
            reason=reason, by=by, at=timezone.now(),
        )  # fmt: skip
        reminders.schedule(chosen, next_review_on)
        # The notice's page says the part was reviewed: cached copies are stale, and
        # its made page is made again by the worker.
        RegisterVersion.bump()
        transaction.on_commit(lambda: tasks.make_page.enqueue(row.slug))
        audit.record(AuditAction.TRANSITION, user=by, decision=row,
                     detail=f"{row.reference}: confidential part {chosen.pk} kept until "
                     f"{next_review_on:%Y-%m-%d}: {reason}")  # fmt: skip
    return review
