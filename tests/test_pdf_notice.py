"""The official PDF notice and the public draft board paper, read back as a reader's
tools read them: poppler's pdftotext, pdfinfo and pdffonts, and qpdf."""

import datetime
import hashlib
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.request import urlopen

import pytest

from decisions import pdf, workflow
from decisions.models import (
    BackgroundPaper,
    ConfidentialPart,
    Decision,
    DecisionLink,
    DecisionStatus,
    GatewayRow,
    InterestDeclaration,
    Section,
)
from decisions.notices import draft_notice, notice_queryset
from tests import factories
from tests.pdf_tools import Pdf
from tests.seed_text import SEED_DIR, normalise, seed_phrases

pytestmark = pytest.mark.django_db

DRAFT_MARK = "Draft: not a decision of the Commissioner"
PARAGRAPH = (
    "The Commissioner has considered the options set out in the report of the Task Force, "
    "the views of the Strategic Policing and Crime Board and the advice of the Chief Finance "
    "Officer, and is satisfied that the arrangements proposed represent value for money and "
    "are consistent with the Police and Crime Plan. "
)


def _seed_pdf(demo, tmp_path):
    decision = Decision.objects.get(reference="WMPCC 2012-001")
    return decision, Pdf(decision.documents.latest().file.read(), tmp_path)


def _add_long_sections(decision, count=4):
    for n in range(1, count + 1):
        body = "\n\n".join(f"{n}.{p}. {PARAGRAPH * 2}" for p in range(1, 4))
        Section.objects.create(decision=decision, order=10 + n, heading=f"Part {n}", body=body)


@pytest.fixture
def long_notice(alice, carol, board):
    decision = factories.draft(
        created_by=alice,
        title="Estates strategy: disposal of surplus police buildings",
        contact_officer=factories.contact(),
    )
    _add_long_sections(decision)
    for gate, month in enumerate((7, 10, 11)):
        GatewayRow.objects.create(
            decision=decision,
            gate=gate,
            description=f"Gate {gate} approval",
            milestone_planned=datetime.date(2026, month, 1),
        )
    return factories.sign_through_workflow(
        decision, drafter=alice, commissioner=carol, board_=board
    )


# --- The seed notice, paragraph for paragraph --------------------------------------


def test_the_seed_pdf_holds_every_paragraph_of_the_original(demo, tmp_path):
    _, notice = _seed_pdf(demo, tmp_path)
    phrases, _ = seed_phrases("wmpcc-2012-001.txt")
    body = normalise(notice.body_text())
    assert len(phrases) > 30
    assert [phrase for phrase in phrases if phrase not in body] == []


def test_the_seed_pdf_keeps_the_numbers_of_paragraphs_1_to_11(demo, tmp_path):
    _, notice = _seed_pdf(demo, tmp_path)
    raw = (SEED_DIR / "wmpcc-2012-001.txt").read_text("utf-8")
    numbered = {
        int(number): " ".join(words.split()[:6])
        for number, words in re.findall(r"^(?:- )?(\d+)\. (.+)$", raw, flags=re.M)
    }
    assert sorted(numbered) == list(range(1, 12))
    body = normalise(notice.body_text())
    # Each paragraph starts with its own number, as published, not a list's 1, 2, 3...
    assert [n for n, words in numbered.items() if normalise(f"{n}. {words}") not in body] == []
    starts = [int(n) for n in re.findall(r"^\s*(\d+)\. ", notice.body_text(), flags=re.M)]
    assert starts == list(range(1, 12))


# --- An official notice -------------------------------------------------------------


def test_every_page_has_the_office_reference_and_page_n_of_m(demo, tmp_path, settings):
    decision, notice = _seed_pdf(demo, tmp_path)
    pages = notice.pages
    assert pages >= 2, "a single page would not show the running header is running"
    for page in range(1, pages + 1):
        header, body, footer = notice.furniture_and_body(page)
        assert decision.reference in header
        assert f"Page {page} of {pages}" in footer
        if page > 1:  # the first page has the office in its masthead instead
            assert settings.OFFICE_NAME in header
    first_body = notice.furniture_and_body(1)[1]
    assert first_body.lstrip().startswith(settings.OFFICE_NAME)
    assert notice.page_sizes() == ["595.276 x 841.89 pts (A4)"] * pages


def test_it_is_a_tagged_titled_pdf_in_english_with_embedded_fonts(demo, tmp_path):
    decision, notice = _seed_pdf(demo, tmp_path)
    info = notice.info()
    assert info["Title"] == "WMPCC 2012-001: Business Partnering for the Police Programme"
    assert info["Tagged"] == "yes"
    assert 'pdfuaid:part="1"' in notice.xmp()
    catalog = notice.catalog()
    assert catalog["/Lang"] == "u:en-GB"
    assert catalog["/MarkInfo"] == {"/Marked": True}
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] is True
    fonts = notice.fonts()
    assert fonts and all(font["emb"] == "yes" for font in fonts), fonts


def test_its_text_is_selectable_and_in_reading_order(demo, tmp_path):
    _, notice = _seed_pdf(demo, tmp_path)
    text = notice.text()
    headings = [
        "WMPCC 2012-001",
        "Business Partnering for the Police Programme",
        "Executive summary",
        "Recommendation and reasons",
        "Reasons",
        "Background and issues for consideration",
        "Consultation",
        "Financial",
        "Equality, Diversity and Human Rights",
        "Signature",
        "My decision is as I have proposed in this paper.",
        "Contact officer",
        "Background papers",
        "PCC Transformation Options Paper",
    ]
    positions = [text.index(heading) for heading in headings]
    assert positions == sorted(positions)


def test_a_four_page_notice_renders_and_its_stored_hash_is_of_its_bytes(long_notice, tmp_path):
    document = long_notice.documents.latest()
    data = document.file.read()
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.size == len(data)
    notice = Pdf(data, tmp_path)
    assert notice.pages >= 4
    for page in range(1, notice.pages + 1):
        header, _, footer = notice.furniture_and_body(page)
        assert long_notice.reference in header
        assert f"Page {page} of {notice.pages}" in footer
    body = normalise(notice.body_text())
    for words in ("4.3. the commissioner", "gate 2 approval", "november 2026", "sam taylor"):
        assert words in body


def test_its_links_are_absolute_so_they_work_from_a_downloaded_file(
    alice, carol, board, settings, tmp_path
):
    settings.SITE_URL = "https://decisions.example.gov.uk"
    earlier = factories.signed(reference="WMPCC 2026-001")
    decision = factories.draft(created_by=alice, contact_officer=factories.contact())
    DecisionLink.objects.create(from_decision=decision, to_decision=earlier)
    BackgroundPaper.objects.create(
        decision=decision, title="Options paper", url="https://x.example/p"
    )
    decision = factories.sign_through_workflow(
        decision, drafter=alice, commissioner=carol, board_=board
    )
    notice = Pdf(decision.documents.latest().file.read(), tmp_path)
    assert sorted(notice.link_targets()) == [
        "https://decisions.example.gov.uk/decisions/wmpcc-2026-001/",
        "https://x.example/p",
        "mailto:j.courtney@west-midlands.pnn.police.uk",
    ]


# --- The public draft board paper ---------------------------------------------------


@pytest.fixture
def board_paper(alice, carol, board):
    decision = factories.draft(created_by=alice, title="Custody suite refurbishment")
    _add_long_sections(decision, count=5)
    ConfidentialPart.objects.create(
        decision=decision,
        heading="Tender prices QX7-CONFIDENTIAL-HEADING",
        body="The preferred bidder's price is QX7-CONFIDENTIAL-BODY.",
        exemption="Commercially sensitive (FOI Act s.43)",
    )
    meeting = factories.meeting(board)
    workflow.put_to_board(
        decision, by=alice, meeting=meeting, purpose="1. To ask the Board to comment."
    )
    workflow.publish_agenda(meeting, by=alice)
    return decision.agenda_items.select_related("meeting__board").get()


def test_the_draft_paper_is_marked_on_every_page_and_has_no_confidential_part(
    board_paper, tmp_path
):
    paper = Pdf(pdf.render_draft_paper_pdf(board_paper), tmp_path)
    assert paper.pages >= 3
    for page in range(1, paper.pages + 1):
        header, _, footer = paper.furniture_and_body(page)
        assert header.strip() == DRAFT_MARK
        assert f"Page {page} of {paper.pages}" in footer
    # ...and at the top, in the paper itself, before anything else it says.
    first_body = paper.furniture_and_body(1)[1]
    assert normalise(DRAFT_MARK) in normalise(first_body)[:200]
    text = paper.text()
    assert "QX7" not in text
    assert "Tender prices" not in text
    # The board report, then the draft it presents.
    assert text.index("To ask the Board") < text.index("Non-confidential notice of decision")
    assert "Not signed. This is a draft and not a decision of the Commissioner." in text
    assert paper.info()["Title"].startswith(DRAFT_MARK)
    assert all(font["emb"] == "yes" for font in paper.fonts())


def test_only_a_public_paper_of_a_draft_is_rendered(board_paper, alice, carol):
    board_paper.is_private = True
    with pytest.raises(pdf.NotAPublicPaper):
        pdf.render_draft_paper_pdf(board_paper)
    board_paper.is_private = False
    board_paper.meeting.agenda_published_at = None
    with pytest.raises(pdf.NotAPublicPaper):
        pdf.render_draft_paper_pdf(board_paper)
    board_paper.meeting.refresh_from_db()
    decision = workflow.send_for_signature(board_paper.decision, by=alice)
    workflow.sign(decision, by=carol, declaration=InterestDeclaration.NONE)
    with pytest.raises(pdf.NotAPublicPaper):
        pdf.render_draft_paper_pdf(board_paper)


# --- Amendments ---------------------------------------------------------------------


def test_a_signed_amendment_stores_a_new_pdf_and_keeps_the_first(alice, carol, board, tmp_path):
    decision = factories.sign_through_workflow(
        factories.draft(created_by=alice), drafter=alice, commissioner=carol, board_=board
    )
    first = decision.documents.get()
    first_bytes = first.file.read()
    note = "Paragraph 2 corrected: the contract ends in March, not April."
    amendment = workflow.propose_amendment(decision, by=alice, change_note=note)
    workflow.sign_amendment(amendment.decision, by=carol)

    assert decision.documents.count() == 2
    latest = decision.documents.latest()
    assert latest.pk != first.pk and latest.file.name != first.file.name
    assert note in " ".join(Pdf(latest.file.read(), tmp_path).text().split())
    first.refresh_from_db()
    kept = first.file.open("rb").read()
    assert kept == first_bytes
    assert hashlib.sha256(kept).hexdigest() == first.sha256
    assert "corrected" not in Pdf(kept, tmp_path).text()


# --- The renderer fetches nothing from content --------------------------------------


@pytest.fixture
def listener():
    """An HTTP server on 127.0.0.1 that records every request made to it."""
    requests = []

    class Recorder(BaseHTTPRequestHandler):
        timeout = 5

        def do_GET(self):  # noqa: N802 - the http.server API
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            """Keep the test's output clean."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    # The server works: a request that is made is recorded.
    urlopen(f"{base}/ping", timeout=5).close()  # noqa: S310 - our own local server
    assert requests == ["/ping"]
    requests.clear()
    try:
        yield base, requests
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _hostile_body(base):
    return (
        f"![chart]({base}/markdown-image.png)\n\n"
        f'<img src="{base}/raw-img.png" alt="">\n\n'
        f"[the full report]({base}/link)\n\n"
        f'<link rel="stylesheet" href="{base}/raw-link.css">\n\n'
        f"<style>@import url({base}/raw-import.css);</style>"
    )


def test_rendering_never_fetches_a_url_from_the_content(listener, alice, carol, board, tmp_path):
    base, requests = listener
    decision = factories.draft(created_by=alice, executive_summary=f"![logo]({base}/summary.png)")
    Section.objects.create(decision=decision, order=5, heading="Annex", body=_hostile_body(base))
    meeting = factories.meeting(board)
    workflow.put_to_board(decision, by=alice, meeting=meeting, background=_hostile_body(base))
    workflow.publish_agenda(meeting, by=alice)

    pdf.render_draft_paper_pdf(decision.agenda_items.get())
    pdf.render_notice_pdf(draft_notice(notice_queryset().get(pk=decision.pk)))
    signed = workflow.sign(
        workflow.send_for_signature(decision, by=alice),
        by=carol,
        declaration=InterestDeclaration.NONE,
    )
    stored = Pdf(signed.documents.latest().file.read(), tmp_path)

    assert requests == []
    assert "the full report" in stored.text()  # the content was there, and rendered


def test_the_fetcher_refuses_anything_but_the_projects_static_files(listener):
    from weasyprint import HTML

    base, requests = listener
    fetcher = pdf._static_only_fetcher()
    for url in (
        f"{base}/direct.png",
        "file:///etc/passwd",
        "static:../../../../etc/passwd",
        "static:no/such/file.css",
        "data:text/css,body{}",
    ):
        with pytest.raises(pdf.ExternalResourceRefused):
            fetcher.fetch(url)
    # Even HTML that reaches WeasyPrint unsanitised loads nothing through this fetcher.
    html = f'<img src="{base}/img.png"><link rel="stylesheet" href="{base}/style.css">'
    HTML(string=html, base_url=pdf.STATIC_PREFIX, url_fetcher=fetcher).write_pdf()
    assert requests == []
    response = fetcher.fetch(f"{pdf.STATIC_PREFIX}pdf/notice.css")
    assert b"@page" in response.read()
    response.close()


def test_a_withdrawn_notice_says_so(alice, carol, board, tmp_path):
    decision = factories.in_state(
        DecisionStatus.WITHDRAWN, drafter=alice, commissioner=carol, board_=board
    )
    text = Pdf(decision.documents.latest().file.read(), tmp_path).text()
    assert "This decision has been withdrawn" in text
    assert "Superseded." in text
