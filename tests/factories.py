"""Plain factory functions: each makes one valid object, with any field overridable."""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify

from decisions.models import (
    Board,
    BoardMeeting,
    Contact,
    Decision,
    InterestDeclaration,
    Section,
    Signatory,
)

PASSWORD = "correct-horse-battery-staple"
_counter = itertools.count(1)


def user(username, role, *, superuser=False):
    account = get_user_model().objects.create_user(
        username=username,
        email=f"{username}@opcc.example",
        password=PASSWORD,
        is_staff=True,
        is_superuser=superuser,
    )
    if role:
        account.groups.add(Group.objects.get(name=role))
    return account


def contact(**fields):
    defaults = {
        "name": "Jacky Courtney",
        "position": "Chief Executive",
        "organisation": "West Midlands Office for Policing and Crime",
        "telephone": "0121 626 6060",
        "email": "j.courtney@west-midlands.pnn.police.uk",
    }
    return Contact.objects.create(**{**defaults, **fields})


def signatory(**fields):
    defaults = {
        "name": "Sam Taylor",
        "title": "West Midlands Police and Crime Commissioner",
        "term_start": datetime.date(2024, 5, 13),
    }
    return Signatory.objects.create(**{**defaults, **fields})


def board(**fields):
    name = fields.pop("name", "Strategic Policing and Crime Board")
    return Board.objects.create(name=name, slug=slugify(name), **fields)


def meeting(board_, **fields):
    defaults = {
        "date": timezone.localdate() + datetime.timedelta(days=14),
        "held_in_public": True,
        "place": "Lloyd House, Birmingham",
    }
    return BoardMeeting.objects.create(board=board_, **{**defaults, **fields})


def draft(**fields):
    n = next(_counter)
    defaults = {
        "title": f"Draft decision {n}",
        "executive_summary": f"Summary of draft {n}.",
        "decision_text": "- that the thing be done.",
        "reasons": "1. Because it should be.",
    }
    decision = Decision.objects.create(**{**defaults, **fields})
    Section.objects.create(decision=decision, order=1, heading="Financial", body="None.")
    return decision


def signed(*, reference=None, signed_on=None, **fields):
    """A decision recorded as signed, as the demo loader records old ones."""
    return record_signature(draft(**fields), reference=reference, signed_on=signed_on)


def record_signature(decision, *, reference=None, signed_on=None):
    """Sign an existing draft (after its parts are added) by recording it as signed."""
    from decisions import workflow

    n = next(_counter)
    signed_on = signed_on or timezone.localdate()
    return workflow.record_signed_decision(
        decision,
        reference=reference or f"TEST {signed_on.year}-{n:03d}",
        signatory=Signatory.objects.first() or signatory(),
        signed_on=signed_on,
        declaration=InterestDeclaration.NONE,
        reason="Recorded by a test",
    )


def sign_through_workflow(decision, *, drafter, commissioner, board_):
    """Sign a draft (after its parts are added) step by step through the real workflow,
    so its PDF is the one rendered, signed and stored at signing."""
    from decisions import workflow

    workflow.put_to_board(decision, by=drafter, meeting=meeting(board_))
    workflow.send_for_signature(decision, by=drafter)
    return workflow.sign(decision, by=commissioner, declaration=InterestDeclaration.NONE)


def confidential_part(decision, **fields):
    """A confidential part, due for review today unless told otherwise."""
    from decisions.models import ConfidentialPart

    defaults = {
        "heading": "Tender prices",
        "body": "The bids were £1m and £2m.",
        "exemption": "Commercially sensitive (FOI Act s.43)",
        "release_after": timezone.localdate(),
    }
    return ConfidentialPart.objects.create(decision=decision, **{**defaults, **fields})


def in_state(state, *, drafter, commissioner, board_, confidential=None, **fields):
    """A decision taken to `state` through the real workflow, step by step (with a
    confidential part made of `confidential`'s fields, if given, before it is signed)."""
    from decisions import workflow
    from decisions.models import DecisionStatus as S

    decision = draft(created_by=drafter, **fields)
    if confidential is not None:
        confidential_part(decision, **confidential)
    if state == S.DRAFT:
        return decision
    decision = workflow.put_to_board(decision, by=drafter, meeting=meeting(board_))
    if state == S.WITH_BOARD:
        return decision
    decision = workflow.send_for_signature(decision, by=drafter)
    if state == S.READY:
        return decision
    decision = workflow.sign(decision, by=commissioner, declaration=InterestDeclaration.NONE)
    if state == S.SIGNED:
        return decision
    withdrawal = workflow.propose_withdrawal(decision, by=drafter, reason="Superseded.")
    workflow.sign_amendment(withdrawal.decision, by=commissioner)
    decision.refresh_from_db()
    return decision


def one_time_code(account) -> dict:
    """The code field of a sign-in with a backup code (which works once)."""
    from decisions import two_factor

    return {"code": two_factor.backup_codes(account, count=1)[0]}
