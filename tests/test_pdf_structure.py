"""The official PDF says it is PDF/UA-1: its tagged structure is read back here with
pikepdf (tests/pdf_structure.py), as a screen reader walks it. Each list item has
one body, a nested list sits in the body of its item, headings go down one level at a
time, tables have rows of header and data cells that say what they head, and the
catalog claims what it should. The seed notices, and notices with every part
a notice can hold, are checked as stored: rendered, then signed."""

import datetime

import pytest
from weasyprint import HTML

from decisions import pdf, workflow
from decisions.models import (
    Annex,
    BackgroundPaper,
    ConfidentialPart,
    Decision,
    DecisionLink,
    DecisionStatus,
    GatewayRow,
    Section,
)
from tests import factories
from tests.pdf_structure import header_scopes, problems, tags

pytestmark = pytest.mark.django_db

NESTED_LISTS = """\
1. Tight, with a list inside:
   - the first inner point;
   - the second inner point.
2. Loose, in paragraphs.

   A second paragraph of the same item, and a list inside it:

   1. a numbered inner point, itself holding
      - a third level.
3. The last item.
"""
# Headings typed as a writer might: "##" first, then a jump of two levels.
OPTIONS = """\
## The options compared

| Option | Cost | Risk |
|---|---|---|
| Refurbish | £1.2m | Low |
| Rebuild | £3.4m | High |

#### Notes

Both options keep the suite open.
"""


def _stored_pdf(decision) -> bytes:
    return decision.documents.latest().file.read()


@pytest.fixture
def notice_of_every_part(alice, carol, board):
    """A signed and amended notice with every part that holds a list or a table."""
    earlier = factories.signed(reference="WMPCC 2026-001")
    decision = factories.draft(
        created_by=alice,
        title="Custody suite refurbishment",
        decision_text=NESTED_LISTS,
        reasons="1. Because the suite is worn out.\n2. Because the cells fail inspection.",
        contact_officer=factories.contact(),
    )
    Section.objects.create(decision=decision, order=2, heading="Options", body=OPTIONS)
    Section.objects.create(
        decision=decision, order=3, level=3, heading="Risks", body="- Delay\n- Cost"
    )
    for gate in range(3):
        GatewayRow.objects.create(
            decision=decision,
            gate=gate,
            description=f"Gate {gate} approval",
            milestone_planned=datetime.date(2026, 7 + gate, 1),
        )
    BackgroundPaper.objects.create(decision=decision, title="Options paper")
    Annex.objects.create(decision=decision, label="A", title="Site plan")
    ConfidentialPart.objects.create(
        decision=decision, heading="Tender prices", exemption="Commercially sensitive"
    )
    DecisionLink.objects.create(from_decision=decision, to_decision=earlier)
    decision = factories.sign_through_workflow(
        decision, drafter=alice, commissioner=carol, board_=board
    )
    amendment = workflow.propose_amendment(
        decision, by=alice, change_note="The costs are corrected.", body=NESTED_LISTS
    )
    workflow.sign_amendment(amendment.decision, by=carol)
    return _stored_pdf(Decision.objects.get(pk=decision.pk))


def test_it_tags_the_signed_seed_notice_as_pdf_ua_1_asks(demo):
    seed = _stored_pdf(Decision.objects.get(reference="WMPCC 2012-001"))
    assert problems(seed) == []


def test_it_tags_a_notice_of_every_part_as_pdf_ua_1_asks(notice_of_every_part):
    assert problems(notice_of_every_part) == []


def test_it_puts_a_nested_list_in_the_body_of_its_item(notice_of_every_part):
    found = tags(notice_of_every_part)
    assert ("L", "LBody") in found
    assert ("L", "L") not in found


def test_it_gives_every_list_item_one_body(notice_of_every_part):
    found = tags(notice_of_every_part)
    items = [tag for tag in found if tag[0] == "LI"]
    assert len(items) > 20
    assert found.count(("LBody", "LI")) == len(items)


def test_it_tags_both_tables_with_header_cells_that_say_what_they_head(notice_of_every_part):
    found = tags(notice_of_every_part)
    assert found.count(("Table", "Sect")) == 2
    assert ("TH", "TR") in found
    assert ("TD", "TR") in found
    # The gateway table's gates head their rows; every other header heads a column.
    scopes = header_scopes(notice_of_every_part)
    assert scopes.count("/Row") == 3
    assert set(scopes) == {"/Row", "/Column"}


def test_it_tags_a_withdrawn_notice_as_pdf_ua_1_asks(alice, carol, board):
    withdrawn = factories.in_state(
        DecisionStatus.WITHDRAWN, drafter=alice, commissioner=carol, board_=board
    )
    assert problems(_stored_pdf(withdrawn)) == []


def test_it_tags_the_public_draft_board_paper_as_pdf_ua_1_asks(demo):
    decision = Decision.objects.get(title__contains="Innovation and Integration Partner")
    paper = pdf.render_draft_paper_pdf(decision.agenda_items.get())
    assert problems(paper) == []


def test_it_puts_no_figure_in_a_notice_because_its_markup_allows_no_image(alice, carol, board):
    body = "![Site plan](static:favicon.svg)\n\n<img src='static:favicon.svg'>"
    decision = factories.draft(created_by=alice, decision_text=body)
    decision = factories.sign_through_workflow(
        decision, drafter=alice, commissioner=carol, board_=board
    )
    assert "Figure" not in {tag for tag, _ in tags(_stored_pdf(decision))}


# --- The checks find what they look for -----------------------------------------------


def _weasyprint_pdf(body: str) -> bytes:
    """Plain WeasyPrint 70 output, without the notice's stylesheet or finishing."""
    html = f"<!DOCTYPE html><html lang='en-GB'><title>T</title><body>{body}</body></html>"
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("<ul><li><p>Item</p></li></ul>", "list item: LI holds ['Lbl', 'P']"),
        ("<ul><li>Item<ul><li>Inner</li></ul></li></ul>", "nested list: L directly inside"),
        ("<h1>Title</h1><h3>Too deep</h3>", "heading: H3 follows H1"),
        ("<h2>No title first</h2>", "heading: H2 follows nothing"),
        ("<svg width='10' height='10'></svg>", "figure: Figure without Alt"),
        (
            "<table><tr><th>Head</th></tr><tr><td>Cell</td></tr></table>",
            "table: TH without a Scope",
        ),
        (
            "<table><tr><th>Head</th></tr><tr><td>Cell</td></tr></table>",
            "table: Headers names",
        ),
    ],
)
def test_it_finds_each_problem_it_checks_for(body, problem):
    assert any(found.startswith(problem) for found in problems(_weasyprint_pdf(body)))


def test_it_finds_a_pdf_that_is_not_tagged_or_does_not_claim_pdf_ua_1():
    html = HTML(string="<!DOCTYPE html><html lang='en-GB'><title>T</title><p>Text</p></html>")
    assert problems(html.write_pdf()) == ["document: not tagged (no StructTreeRoot)"]
    assert problems(html.write_pdf(pdf_tags=True)) == [
        "document: XMP pdfuaid:part is None, not 1",
        "document: no dc:title in the XMP",
    ]
