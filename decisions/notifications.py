"""Emails that tell people a decision needs them. Sent after the change commits."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.urls import reverse

from decisions import roles

log = logging.getLogger("decisions.notifications")


def _link(decision) -> str:
    return settings.SITE_URL + reverse("admin:decisions_decision_change", args=[decision.pk])


def _send(subject: str, lines: list[str], recipients) -> int:
    addresses = sorted({user.email for user in recipients if user and user.email})
    if not addresses:
        log.warning("No one to email about: %s", subject)
        return 0
    body = "\n\n".join(lines) + "\n"
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in addresses]
    return send_mass_mail(messages, fail_silently=False)


def _drafters(decision):
    if decision.created_by and decision.created_by.is_active:
        return [decision.created_by]
    return get_user_model().objects.filter(groups__name=roles.DRAFTER, is_active=True)


def _commissioners():
    return get_user_model().objects.filter(groups__name=roles.COMMISSIONER, is_active=True)


def put_to_board(item):
    decision, meeting = item.decision, item.meeting
    _send(
        f"Draft for comment: {decision.title}",
        [
            f"The draft decision “{decision.title}” ({decision.display_reference}) has been put "
            f"on the agenda of the {meeting}, and the board is asked to comment on it.",
            f"Read it and comment: {_link(decision)}",
        ],
        meeting.board.members.filter(is_active=True),
    )


def ready_for_signature(decision, *, note="", by=None):
    sender = (by.get_full_name() or by.username) if by else "The drafter"
    _send(
        f"Ready for your signature: {decision.title}",
        [
            f"The decision “{decision.title}” is ready for your signature.",
            *([f"{sender} wrote:", note] if note else []),
            f"Preview it, then sign or send it back: {_link(decision)}",
        ],
        _commissioners(),
    )


def commented(note):
    decision = note.agenda_item.decision
    _send(
        f"Board comment on: {decision.title}",
        [
            f"{note.author.get_full_name() or note.author.username} commented on the draft "
            f"“{decision.title}”:",
            note.body,
            f"See it: {_link(decision)}",
        ],
        _drafters(decision),
    )


def sent_back(decision, reason):
    _send(
        f"Sent back to draft: {decision.title}",
        [
            f"The Commissioner sent the decision “{decision.title}” back to draft.",
            f"Reason: {reason}",
            f"Revise it: {_link(decision)}",
        ],
        _drafters(decision),
    )


def signed(decision):
    _send(
        f"Signed: {decision.reference} {decision.title}",
        [
            f"The Commissioner signed “{decision.title}”. It is now {decision.reference} and "
            "is published on the register.",
            f"Public notice: {settings.SITE_URL}{decision.get_absolute_url()}",
            f"In the office: {_link(decision)}",
        ],
        _drafters(decision),
    )


def amendment_proposed(amendment):
    decision = amendment.decision
    _send(
        f"{amendment.get_kind_display()} to sign: {decision.reference}",
        [
            f"A {amendment.get_kind_display().lower()} of {decision.reference} “{decision.title}” "
            "is ready for your signature.",
            f"Change note: {amendment.change_note}",
            f"Review and sign: {_link(decision)}",
        ],
        _commissioners(),
    )


def proposal_declined(proposal, reason):
    decision = proposal.decision
    _send(
        f"{proposal.get_kind_display()} declined: {decision.reference}",
        [
            f"The {settings.DECISION_MAKER} declined the proposed "
            f"{proposal.get_kind_display().lower()} of {decision.reference} “{decision.title}”:",
            reason,
            "The notice stays as signed; you may propose another.",
            f"See it: {_link(decision)}",
        ],
        [proposal.proposed_by] if proposal.proposed_by.is_active else _drafters(decision),
    )


def amendment_signed(amendment):
    decision = amendment.decision
    _send(
        f"{amendment.get_kind_display()} signed: {decision.reference}",
        [
            f"The Commissioner signed the {amendment.get_kind_display().lower()} of "
            f"{decision.reference} “{decision.title}”.",
            f"Public notice: {settings.SITE_URL}{decision.get_absolute_url()}",
        ],
        _drafters(decision),
    )


def review_due(part, review_on):
    """To the drafter: a confidential part is due for the Commissioner's review. The
    part's heading and text stay in the office: an email says only which decision and
    on what ground."""
    decision = part.decision
    ground = part.exemption or "no ground stated"
    _send(
        f"Confidential part due for review: {decision.reference}",
        [
            f"A confidential part of {decision.reference} “{decision.title}” (withheld: "
            f"{ground}) is due for review for release from {review_on:%-d %B %Y}.",
            f"The {settings.DECISION_MAKER} releases it or keeps it confidential to a later "
            "date; it is listed on the home page of the register's admin.",
            f"See it: {_link(decision)}",
        ],
        _drafters(decision),
    )
