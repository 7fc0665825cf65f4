"""A decision in, a notice out: what the public notice shows, and nothing more.

``Notice`` is that value. It is made in one of two ways: ``draft_notice`` reads the
live records of a decision that is not yet signed (the Commissioner's preview, a
board paper), and ``Notice.from_json`` reads what was signed (every public page,
PDF and export of a signed decision). The page, the preview and the PDF all render
it with the same template. A confidential part's text is never put in it, so no
renderer can reach one: only that it is withheld, on what ground, until when.
"""

import dataclasses
import datetime
import hashlib
import json
import types
import typing
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse

from decisions.markup import plain_text
from decisions.models import ConfidentialPart, Decision, DecisionLink


@dataclass(frozen=True)
class ContactDetails:
    name: str
    position: str = ""
    organisation: str = ""
    telephone: str = ""
    email: str = ""


@dataclass(frozen=True)
class SectionText:
    level: int
    heading: str
    body: str


@dataclass(frozen=True)
class Gate:
    gate: int
    description: str
    planned: datetime.date
    met: datetime.date | None = None


@dataclass(frozen=True)
class Paper:
    """A background paper or annex: a link elsewhere, a file to download, or a title."""

    title: str
    url: str = ""
    download: str = ""
    label: str = ""

    @property
    def href(self) -> str:
        return self.download or self.url


@dataclass(frozen=True)
class RelatedDecision:
    reference: str
    title: str
    date: datetime.date | None
    url: str


@dataclass(frozen=True)
class Withheld:
    """A confidential part, as the public is told of it: never its heading or text."""

    ground: str
    review_on: datetime.date | None = None


@dataclass(frozen=True)
class Signature:
    name: str
    title: str
    # None only for a decision from an earlier register whose record gives no date.
    signed_at: datetime.datetime | None
    declaration: str
    interests: str = ""
    # For a Deputy or an officer acting under delegation: the title of the office
    # holder they signed for ("Police and Crime Commissioner").
    on_behalf_of: str = ""


@dataclass(frozen=True)
class Change:
    """A signed amendment or withdrawal, as published beside the unchanged notice."""

    kind: str
    signed_at: datetime.datetime
    name: str
    title: str
    change_note: str
    body: str = ""


@dataclass(frozen=True)
class Notice:
    office_name: str
    office_organisation: str
    reference: str
    title: str
    executive_summary: str = ""
    decision_heading: str = "Decision"
    decision_text: str = ""
    reasons: str = ""
    urgency_reason: str = ""
    made_at: str = ""
    made_on: datetime.date | None = None
    gateway_is_indicative: bool = True
    gateway_note: str = ""
    public_access_statement: str = ""
    contact: ContactDetails | None = None
    sections: tuple[SectionText, ...] = ()
    gateways: tuple[Gate, ...] = ()
    background_papers: tuple[Paper, ...] = ()
    annexes: tuple[Paper, ...] = ()
    earlier: tuple[RelatedDecision, ...] = ()
    boards: tuple[str, ...] = ()
    withheld: tuple[Withheld, ...] = ()
    # Recorded from the office's earlier register: the record's own dates (each may be
    # unknown) and its lead officers; its original signed PDF is the official copy.
    earlier_register: bool = False
    published_on: datetime.date | None = None
    effective_on: datetime.date | None = None
    lead_officers: tuple[ContactDetails, ...] = ()
    signature: Signature | None = None
    changes: tuple[Change, ...] = field(default=())

    @property
    def is_signed(self) -> bool:
        return self.signature is not None

    @property
    def withdrawal(self) -> Change | None:
        return next((c for c in self.changes if c.kind == "withdrawal"), None)

    def to_json(self) -> dict:
        return _to_json(dataclasses.asdict(self))

    @classmethod
    def from_json(cls, data: dict) -> "Notice":
        return _from_json(cls, data)


# --- JSON, both ways: dates as ISO text, tuples as lists --------------------------


def _to_json(value):
    if isinstance(value, dict):
        return {key: _to_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_to_json(item) for item in value]
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _from_json(cls, data: dict):
    hints = typing.get_type_hints(cls)
    return cls(**{name: _convert(hints[name], value) for name, value in data.items()})


def _convert(kind, value):
    if value is None:
        return None
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin is tuple:
        return tuple(_convert(args[0], item) for item in value)
    if origin is types.UnionType:
        return _convert(next(a for a in args if a is not type(None)), value)
    if dataclasses.is_dataclass(kind):
        return _from_json(kind, value)
    if kind is datetime.datetime:
        return datetime.datetime.fromisoformat(value)
    if kind is datetime.date:
        return datetime.date.fromisoformat(value)
    return value


def canonical_json(value) -> bytes:
    """The one byte form of a JSON value that is hashed and served."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sha256_of(value) -> str:
    return hashlib.sha256(canonical_json(value)).hexdigest()


# --- A notice from the live records -------------------------------------------------


def notice_queryset():
    """Decisions with everything a notice shows, fetched in a fixed number of queries."""
    return Decision.objects.select_related("contact_officer").prefetch_related(
        "sections",
        "gateways",
        "background_papers",
        "annexes",
        "agenda_items__meeting__board",
        Prefetch("confidential_parts", queryset=ConfidentialPart.objects.withheld_notes()),
        Prefetch("links_out", queryset=DecisionLink.objects.select_related("to_decision")),
    )


def _earlier(decision: Decision) -> tuple[RelatedDecision, ...]:
    earlier = []
    for link in decision.links_out.all():
        target = link.to_decision
        if target is not None and target.is_signed:
            when = target.signed_date
            earlier.append(
                RelatedDecision(target.reference, target.title, when, target.get_absolute_url())
            )
        elif target is None:
            earlier.append(
                RelatedDecision(link.to_reference, link.to_title, link.to_date, link.to_url)
            )
        # A link to a decision that is not yet signed is not shown: it does not exist
        # for the public.
    return tuple(earlier)


def _papers(rows, kind: str) -> tuple[Paper, ...]:
    return tuple(
        Paper(
            title=row.title,
            url=row.url,
            download=reverse("decisions:document", args=[kind, row.pk]) if row.file else "",
            label=getattr(row, "label", ""),
        )
        for row in rows
    )


def draft_notice(decision: Decision) -> Notice:
    """The notice as it reads from the records now, unsigned: the Commissioner's preview,
    a board paper, and (given its signature) what signing freezes. Give it a decision
    from notice_queryset()."""
    contact = decision.contact_officer
    return Notice(
        office_name=settings.OFFICE_NAME,
        office_organisation=settings.OFFICE_ORGANISATION,
        reference=decision.display_reference,
        title=decision.title,
        executive_summary=decision.executive_summary,
        decision_heading=decision.decision_heading,
        decision_text=decision.decision_text,
        reasons=decision.reasons,
        urgency_reason=decision.urgency_reason,
        made_at=decision.made_at,
        made_on=decision.made_on,
        gateway_is_indicative=decision.gateway_is_indicative,
        gateway_note=decision.gateway_note,
        public_access_statement=decision.public_access_statement,
        contact=ContactDetails(
            contact.name, contact.position, contact.organisation, contact.telephone, contact.email
        )
        if contact
        else None,
        sections=tuple(SectionText(s.level, s.heading, s.body) for s in decision.sections.all()),
        gateways=tuple(
            Gate(g.gate, g.description, g.milestone_planned, g.milestone_actual)
            for g in decision.gateways.all()
        ),
        background_papers=_papers(decision.background_papers.all(), "paper"),
        annexes=_papers(decision.annexes.all(), "annex"),
        earlier=_earlier(decision),
        boards=tuple(sorted({item.meeting.board.name for item in decision.agenda_items.all()})),
        withheld=tuple(
            Withheld(part.exemption, part.release_after)
            for part in decision.confidential_parts.all()
        ),
    )


def with_signature(notice: Notice, decision: Decision) -> Notice:
    """The notice as signed: the previewed value, with the number and signature signing
    gave the decision's row."""
    return dataclasses.replace(
        notice,
        reference=decision.reference,
        signature=Signature(
            name=decision.signed_name,
            title=decision.signed_title,
            signed_at=decision.signed_at,
            declaration=decision.declaration,
            interests=decision.interests_declared,
        ),
    )


def later_decisions(decision: Decision) -> list[RelatedDecision]:
    """Signed decisions that refer to this one. Not part of what was signed: they come later."""
    links = DecisionLink.objects.filter(
        to_decision=decision, from_decision__in=Decision.objects.published()
    ).select_related("from_decision")
    return [
        RelatedDecision(
            link.from_decision.reference,
            link.from_decision.title,
            link.from_decision.signed_date,
            link.from_decision.get_absolute_url(),
        )
        for link in links
    ]


def signing_digest(notice: Notice, *, signatory, change=None) -> str:
    """What the signer saw: the notice, who signs it and, for an amendment or withdrawal,
    its text. The sign pages carry it, and signing refuses if it no longer matches."""
    signer = {"name": signatory.name, "title": signatory.title} if signatory else None
    return sha256_of({"notice": notice.to_json(), "signatory": signer, "change": change})


def search_document(notice: Notice) -> str:
    """The public words of a notice, for full-text search. Never a confidential part."""
    parts = [
        notice.reference,
        notice.title,
        plain_text(notice.executive_summary),
        plain_text(notice.decision_text),
        plain_text(notice.reasons),
        notice.urgency_reason,
    ]
    for section in notice.sections:
        parts += [section.heading, plain_text(section.body)]
    parts += [row.description for row in notice.gateways]
    parts += [paper.title for paper in notice.background_papers]
    parts += [annex.title for annex in notice.annexes]
    if notice.contact:
        parts.append(notice.contact.name)
    parts += [officer.name for officer in notice.lead_officers]
    if notice.signature:
        parts.append(notice.signature.name)
    return "\n".join(part for part in parts if part)
