"""Generate a large, realistic register quickly, for the benchmark: bench/run.py, or
`python -m bench.seeding COUNT` on the database DATABASE_URL names.

Decisions are written in bulk, already signed, with the guard triggers switched off
for this session only (db_guards.lifted); no history rows are written for them.
Every decision points at one real PDF notice rendered once, so serving PDFs is
measured as in production without rendering 100,000 of them.
"""

import datetime
import hashlib
import os
import random
from pathlib import Path

import django

if __name__ == "__main__":
    # Run as `python -m bench.seeding`: Django must be set up before the models load.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pccdecisions.settings")
    django.setup()

from django.conf import settings  # noqa: E402 - after the set-up above
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import F, Max, Value
from django.db.models.functions import Coalesce, Concat
from django.utils import timezone

from bench.seeding_words import WORDS  # noqa: E402 - after Django's set-up, as above
from bench.vocabulary import STREAM, Vocabulary  # noqa: E402
from decisions import db_guards, notices
from decisions.models import (
    AgendaItem,
    BackgroundPaper,
    Board,
    BoardMeeting,
    Decision,
    DecisionLink,
    DecisionStatus,
    GatewayRow,
    InterestDeclaration,
    NoticeDocument,
    NoticeVersion,
    NumberingSeries,
    Section,
    Signatory,
)
from decisions.models.decision import reference_slug, search_vector_of

HEADINGS = [
    "Background", "Material information including links to the Police and Crime Plan",
    "Consultation", "Options considered", "Financial implications", "Legal implications",
    "Equality implications", "Facts and advice to the Commissioner", "Risk", "Timescales",
]  # fmt: skip
RARE_WORDS = ["zephyrine", "quillwort", "marramgrass", "obsidianite", "saltmarshes"]


class _Text:
    def __init__(self, rng, vocabulary):
        self.rng = rng
        self.vocabulary = vocabulary

    def sentence(self):
        words = self.vocabulary.run(self.rng, self.rng.randint(10, 24))
        return " ".join(words).capitalize() + "."

    def paragraph(self):
        return " ".join(self.sentence() for _ in range(self.rng.randint(3, 7)))

    def body(self, size):
        paragraphs, total = [], 0
        while total < size:
            paragraph = self.paragraph()
            paragraphs.append(paragraph)
            total += len(paragraph)
        return "\n\n".join(paragraphs)


def seed_register(count, *, years=20, batch=1000, seed=1, report=print):
    rng = random.Random(seed)  # noqa: S311 - made-up data, not security
    # A small register (the tests' own) needs only a short stream to vary its text.
    vocabulary = Vocabulary(seed, stream=min(STREAM, 50_000 + count * 200))
    text = _Text(rng, vocabulary)
    board, _ = Board.objects.get_or_create(
        slug="strategic-policing-and-crime-board",
        defaults={"name": "Strategic Policing and Crime Board"},
    )
    last_year = timezone.localdate().year - 1
    first_year = last_year - years + 1
    signatories = _signatories(first_year, last_year)
    meetings = _meetings(board, first_year, last_year)
    document_file, digest, size = _one_real_pdf(vocabulary)
    series = NumberingSeries.objects.default()
    # The highest number of each year so far: the seeded decisions follow on from them.
    counters = dict(
        Decision.objects.filter(series=series, reference_period__gte=first_year)
        .values_list("reference_period")
        .annotate(highest=Max("reference_number"))
    )
    span = (last_year - first_year + 1) * 365 * 24 * 3600
    start = timezone.make_aware(datetime.datetime(first_year, 1, 1, 9))
    moments = sorted(rng.randrange(span) for _ in range(count))
    made = 0
    earlier = []
    while made < count:
        chunk = moments[made : made + batch]
        with db_guards.lifted(connection), transaction.atomic():
            _write_batch(
                chunk, start, text, rng, series, counters, signatories, meetings,
                (document_file, digest, size), earlier,
            )  # fmt: skip
        made += len(chunk)
        report(f"{made} of {count} decisions")
    return made


def _write_batch(chunk, start, text, rng, series, counters, signatories, meetings, pdf, earlier):
    """Write one batch; `earlier` lists the decisions written so far, as a later notice
    refers to them (id, reference), for links back."""
    decisions, planned = [], []
    for offset in chunk:
        signed_at = start + datetime.timedelta(seconds=offset)
        year = signed_at.year
        counters[year] = counters.get(year, 0) + 1
        number = counters[year]
        reference = series.reference(number, signed_at.date())
        signatory = next(s for s in signatories if s.term_start.year <= year)
        title = " ".join(rng.choices(WORDS, k=rng.randint(4, 9))).capitalize()
        if rng.random() < 0.002:
            title += " " + rng.choice(RARE_WORDS)
        summary = text.paragraph()
        decision_text = "- that " + text.sentence().lower()
        reasons = text.paragraph()
        size, parts = rng.randint(2_000, 20_000), rng.randint(3, 8)
        bodies = [(rng.choice(HEADINGS), text.body(size // parts)) for _ in range(parts)]
        gates = []
        if rng.random() < 0.3:
            for gate in range(rng.randint(2, 4)):
                month = signed_at.date().replace(day=1) + datetime.timedelta(days=45 * gate)
                gates.append(notices.Gate(gate, text.sentence(), month.replace(day=1)))
        link = rng.choice(earlier) if earlier and rng.random() < 0.2 else None
        meeting = meetings.get(year) if rng.random() < 0.3 else None
        notice = notices.Notice(
            office_name=settings.OFFICE_NAME, office_organisation=settings.OFFICE_ORGANISATION,
            reference=reference, title=title, executive_summary=summary,
            decision_text=decision_text, reasons=reasons,
            sections=tuple(notices.SectionText(2, h, b) for h, b in bodies),
            gateways=tuple(gates), background_papers=(notices.Paper(text.sentence()[:200]),),
            earlier=(link[1],) if link else (),
            boards=(meeting.board.name,) if meeting else (),
            signature=notices.Signature(signatory.name, signatory.title, signed_at, "none"),
        )  # fmt: skip
        planned.append((notice, link, meeting))
        decisions.append(
            Decision(
                reference=reference, slug=reference_slug(reference), series=series, reference_period=year,
                reference_number=number, title=title, executive_summary=summary,
                decision_text=decision_text, reasons=reasons, status=DecisionStatus.SIGNED,
                signatory=signatory, signed_name=signatory.name, signed_title=signatory.title,
                declaration=InterestDeclaration.NONE, signed_at=signed_at,
                published_at=signed_at, created_at=signed_at,
                signed_boards="; ".join(notice.boards),
                # The same words search_document() gathers; the made-up text has no
                # Markdown to strip, and rendering 100,000 notices' would take minutes.
                search_document="\n".join(
                    [reference, title, summary, decision_text, reasons]
                    + [part for s in notice.sections for part in (s.heading, s.body)]
                ),
            )
        )  # fmt: skip
    Decision.objects.bulk_create(decisions, batch_size=500)
    sections, gateways, papers, links, items, versions = [], [], [], [], [], []
    for decision, (notice, link, meeting) in zip(decisions, planned, strict=True):
        sections += [
            Section(decision=decision, order=order, heading=s.heading, body=s.body)
            for order, s in enumerate(notice.sections)
        ]
        gateways += [
            GatewayRow(decision=decision, gate=g.gate, description=g.description,
                       milestone_planned=g.planned)
            for g in notice.gateways
        ]  # fmt: skip
        papers.append(BackgroundPaper(decision=decision, order=1,
                                      title=notice.background_papers[0].title))  # fmt: skip
        if link:
            links.append(DecisionLink(from_decision=decision, to_decision_id=link[0]))
        if meeting:
            items.append(AgendaItem(meeting=meeting, decision=decision, number=1))
        content = notice.to_json()
        versions.append(
            NoticeVersion(decision=decision, number=1, event="signed", at=decision.signed_at,
                          content=content, content_sha256=notices.sha256_of(content))
        )  # fmt: skip
        to_here = notices.RelatedDecision(
            decision.reference, decision.title, decision.signed_at.date(),
            decision.get_absolute_url(),
        )  # fmt: skip
        earlier.append((decision.pk, to_here))
    Section.objects.bulk_create(sections, batch_size=1000)
    GatewayRow.objects.bulk_create(gateways, batch_size=1000)
    BackgroundPaper.objects.bulk_create(papers, batch_size=1000)
    DecisionLink.objects.bulk_create(links, batch_size=1000)
    AgendaItem.objects.bulk_create(items, batch_size=1000, ignore_conflicts=True)
    NoticeVersion.objects.bulk_create(versions, batch_size=500)
    NoticeDocument.objects.bulk_create(
        (NoticeDocument(decision_id=v.decision_id, version=v, file=pdf[0], sha256=pdf[1],
                        size=pdf[2], reason="Seeded for the benchmark")
         for v in versions),
        batch_size=1000,
    )  # fmt: skip
    fill_search_vectors([d.pk for d in decisions])
    _publish_copies(decisions, pdf[0])


def _publish_copies(decisions, stored_name):
    """Each notice's public copy, as the worker leaves one: here a link to the one real
    PDF, so 100,000 of them cost no disk (a symbolic one: a file may have only so many
    hard links)."""
    from decisions.pdf import current_pdf_path

    source = Path(NoticeDocument._meta.get_field("file").storage.path(stored_name))
    for decision in decisions:
        target = current_pdf_path(decision.slug)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            os.symlink(source, target)


def fill_search_vectors(ids):
    """Analyse the search text of bulk-loaded decisions, with the weights signing uses
    (PostgreSQL). The base manager, as the rows were written: past the app's guard."""
    if connection.vendor != "postgresql":
        return
    vector = search_vector_of(
        Concat(Coalesce(F("reference"), Value("")), Value(" "), F("title")),
        F("executive_summary"),
        F("search_document"),
    )
    Decision._base_manager.filter(pk__in=list(ids)).update(search_vector=vector)


def _signatories(first_year, last_year):
    terms = []
    for year in range(first_year - (first_year % 4), last_year + 1, 4):
        signatory, _ = Signatory.objects.get_or_create(
            name=f"Commissioner elected {year}",
            term_start=datetime.date(year, 5, 10),
            defaults={
                "title": f"{settings.OFFICE_NAME}",
                "term_end": datetime.date(year + 4, 5, 9),
            },
        )
        terms.append(signatory)
    return sorted(terms, key=lambda s: s.term_start, reverse=True)


def _meetings(board, first_year, last_year):
    meetings = {}
    for year in range(first_year, last_year + 1):
        meeting, _ = BoardMeeting.objects.get_or_create(
            board=board, date=datetime.date(year, 7, 16), start_time=None,
            defaults={"held_in_public": True, "agenda_published_at": timezone.now(),
                      "place": "Lloyd House"},
        )  # fmt: skip
        meetings[year] = meeting
    return meetings


def _one_real_pdf(vocabulary):
    """Render one real notice of typical length and store it: every seeded decision's PDF."""
    from decisions.pdf import render_notice_pdf

    text = _Text(random.Random(0), vocabulary)  # noqa: S311 - made-up data, not security
    notice = notices.Notice(
        office_name=settings.OFFICE_NAME, office_organisation=settings.OFFICE_ORGANISATION,
        reference="A typical notice", title="A typical notice",
        executive_summary=text.body(600),
        sections=tuple(notices.SectionText(2, h, text.body(1500)) for h in HEADINGS[:6]),
    )  # fmt: skip
    data = render_notice_pdf(notice)
    stored = NoticeDocument._meta.get_field("file")
    name = stored.storage.save("notices/benchmark-sample.pdf", ContentFile(data))
    return name, hashlib.sha256(data).hexdigest(), len(data)


def main(argv=None):
    import argparse

    parser = argparse.ArgumentParser(description="Add COUNT realistic signed decisions.")
    parser.add_argument("count", type=int)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args(argv)
    if min(options.count, options.years, options.batch) < 1:
        parser.error("COUNT, --years and --batch must be at least 1.")
    made = seed_register(options.count, years=options.years, batch=options.batch, seed=options.seed)
    print(f"Seeded {made} signed decisions.")


if __name__ == "__main__":
    main()
