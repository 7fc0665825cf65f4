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
    DecisionStatus,
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


def signed(*, reference=None, signed_at=None, **fields):
    """A decision recorded as signed, as the demo loader records old ones."""
    decision = draft(**fields)
    n = next(_counter)
    signed_at = signed_at or timezone.now()
    decision.reference = reference or f"TEST {signed_at.year}-{n:03d}"
    decision.slug = slugify(decision.reference)
    decision.reference_year = signed_at.year
    decision.reference_number = n
    decision.signatory = Signatory.objects.first() or signatory()
    decision.signed_name = decision.signatory.name
    decision.signed_title = decision.signatory.title
    decision.declaration = InterestDeclaration.NONE
    decision.signed_at = signed_at
    decision.published_at = signed_at
    decision.status = DecisionStatus.SIGNED
    decision.save()
    return decision
