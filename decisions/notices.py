"""A decision in, a notice out: what the public notice shows, and nothing more.

The HTML page, the Commissioner's preview and the PDF all take their content
from ``notice_context``, so the preview is exactly what will be published and
no renderer can reach a confidential part: it is never put in the context.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch

from decisions.markup import plain_text
from decisions.models import Amendment, Decision, DecisionLink


@dataclass(frozen=True)
class RelatedDecision:
    reference: str
    title: str
    date: object
    url: str


def notice_queryset():
    """Decisions with everything a notice shows, fetched in a fixed number of queries."""
    return Decision.objects.select_related("contact_officer", "signatory").prefetch_related(
        "sections",
        "gateways",
        "background_papers",
        "annexes",
        Prefetch(
            "links_out",
            queryset=DecisionLink.objects.select_related("to_decision"),
        ),
        Prefetch(
            "links_in",
            queryset=DecisionLink.objects.select_related("from_decision").filter(
                from_decision__in=Decision.objects.published()
            ),
        ),
        Prefetch(
            "amendments",
            queryset=Amendment.objects.filter(signed_at__isnull=False).order_by("signed_at"),
            to_attr="signed_amendments",
        ),
    )


def _earlier(decision: Decision) -> list[RelatedDecision]:
    earlier = []
    for link in decision.links_out.all():
        target = link.to_decision
        if target is not None and target.is_signed:
            earlier.append(
                RelatedDecision(
                    target.reference, target.title, target.signed_at, target.get_absolute_url()
                )
            )
        elif target is None:
            earlier.append(
                RelatedDecision(link.to_reference, link.to_title, link.to_date, link.to_url)
            )
        # A link to a decision that is not yet signed is not shown: it does not exist
        # for the public.
    return earlier


def _later(decision: Decision) -> list[RelatedDecision]:
    return [
        RelatedDecision(
            link.from_decision.reference,
            link.from_decision.title,
            link.from_decision.signed_at,
            link.from_decision.get_absolute_url(),
        )
        for link in decision.links_in.all()
        if link.from_decision.is_signed
    ]


def notice_context(decision: Decision) -> dict:
    """Everything a public notice of this decision shows. Never its confidential parts."""
    return {
        # The office is named here, not by a context processor, so a PDF rendered
        # outside any request reads the same as the page.
        "office_name": settings.OFFICE_NAME,
        "office_organisation": settings.OFFICE_ORGANISATION,
        "decision": decision,
        "sections": list(decision.sections.all()),
        "gateways": list(decision.gateways.all()),
        "background_papers": list(decision.background_papers.all()),
        "annexes": list(decision.annexes.all()),
        "earlier_decisions": _earlier(decision),
        "later_decisions": _later(decision),
        "amendments": getattr(decision, "signed_amendments", None)
        or list(decision.amendments.filter(signed_at__isnull=False).order_by("signed_at")),
    }


def search_document(decision: Decision) -> str:
    """The public words of a notice, for full-text search. Never a confidential part."""
    parts = [
        decision.reference or "",
        decision.title,
        plain_text(decision.executive_summary),
        plain_text(decision.decision_text),
        plain_text(decision.reasons),
        decision.urgency_reason,
    ]
    for section in decision.sections.all():
        parts += [section.heading, plain_text(section.body)]
    parts += [row.description for row in decision.gateways.all()]
    parts += [paper.title for paper in decision.background_papers.all()]
    parts += [annex.title for annex in decision.annexes.all()]
    if decision.contact_officer:
        parts.append(decision.contact_officer.name)
    parts.append(decision.signed_name)
    return "\n".join(part for part in parts if part)
