"""Nothing private reaches the public: not a page, file, feed, export, sitemap or search.

Every confidential part, every private agenda item, and every unsigned decision
that is not a paper of a published public meeting is filled with unique markers.
Then every public URL is fetched (PDFs read back as text) and searched for them.
"""

import datetime
import io
import itertools
import re
import subprocess
import tempfile

import pytest
from django.core.management import call_command

from decisions import workflow
from decisions.models import (
    Annex,
    BackgroundPaper,
    ConfidentialPart,
    Contact,
    DecisionLink,
    ForwardPlanEntry,
    GatewayRow,
    Section,
)
from tests import factories

pytestmark = pytest.mark.django_db
_markers = itertools.count(1)
ALL_MARKERS: list[str] = []


def marker(kind):
    value = f"SECRETMARK{kind.upper()}{next(_markers):04d}"
    ALL_MARKERS.append(value)
    return value


def _fill_draft(*, drafter, title_kind):
    """A decision with a marker in every text field and every part."""
    decision = factories.draft(
        created_by=drafter,
        title=marker(title_kind),
        executive_summary=marker("summary"),
        decision_text=marker("decision"),
        reasons=marker("reasons"),
        made_at=marker("madeat"),
        gateway_note=marker("gatewaynote"),
        contact_officer=Contact.objects.create(name=marker("contact"), telephone=marker("tel")),
    )
    Section.objects.create(decision=decision, heading=marker("heading"), body=marker("body"))
    GatewayRow.objects.create(
        decision=decision,
        gate=0,
        description=marker("gate"),
        milestone_planned="2030-01-01",
    )
    BackgroundPaper.objects.create(decision=decision, title=marker("paper"))
    Annex.objects.create(decision=decision, label="A", title=marker("annex"))
    ConfidentialPart.objects.create(
        decision=decision, heading=marker("confhead"), body=marker("confbody"),
        exemption=marker("exemption"),
    )  # fmt: skip
    return decision


@pytest.fixture
def world(alice, carol, board):
    """Every kind of private thing, next to public ones that must still show."""
    ALL_MARKERS.clear()
    public_meeting = factories.meeting(board, place="Public hall")
    unpublished_meeting = factories.meeting(board, date=public_meeting.date.replace(year=2098))
    private_meeting = factories.meeting(board, held_in_public=False, place="Closed room")

    # Signed decisions whose confidential parts must never show.
    signed = factories.draft(created_by=alice, title="Public signed decision")
    ConfidentialPart.objects.create(decision=signed, heading=marker("sconf"), body=marker("sconfb"))
    signed = factories.record_signature(signed, reference="WMPCC 2026-100")

    # A signed decision with one part released on review and one kept: only the
    # released part's words are published; the kept one and its reason never are.
    reviewed = factories.draft(created_by=alice, title="Reviewed decision")
    released = factories.confidential_part(reviewed, order=1, heading="RELEASEDHEAD",
                                           body="RELEASEDBODY")  # fmt: skip
    kept = factories.confidential_part(
        reviewed, order=2, heading=marker("keptconf"), body=marker("keptconfb")
    )
    reviewed = factories.record_signature(reviewed, reference="WMPCC 2026-101")
    workflow.release_part(reviewed, by=carol, part=released.pk)
    next_review = datetime.date.today() + datetime.timedelta(days=90)
    workflow.keep_part(
        reviewed, by=carol, part=kept.pk, reason=marker("keptreason"), next_review_on=next_review
    )

    # Unsigned decisions in every state, on no published public agenda.
    plain_draft = _fill_draft(drafter=alice, title_kind="draft")
    ForwardPlanEntry.objects.create(
        decision=plain_draft, title="Planned decision", description="What it is about.",
        expected_month=datetime.date(2030, 1, 1),
    )  # fmt: skip
    on_unpublished = _fill_draft(drafter=alice, title_kind="unpublishedagenda")
    workflow.put_to_board(on_unpublished, by=alice, meeting=unpublished_meeting)
    on_private_meeting = _fill_draft(drafter=alice, title_kind="privatemeeting")
    workflow.put_to_board(on_private_meeting, by=alice, meeting=private_meeting)
    private_item = _fill_draft(drafter=alice, title_kind="privateitem")
    workflow.put_to_board(
        private_item, by=alice, meeting=public_meeting, is_private=True,
        purpose=marker("privatepurpose"),
    )  # fmt: skip
    ready = _fill_draft(drafter=alice, title_kind="ready")
    workflow.send_urgent_for_signature(ready, by=alice, reason=marker("urgent"))
    linker = _fill_draft(drafter=alice, title_kind="linker")
    DecisionLink.objects.create(from_decision=linker, to_decision=signed)

    # The exception the law makes: a draft on a published public agenda.
    public_draft = factories.draft(created_by=alice, title="Public board paper draft")
    ConfidentialPart.objects.create(
        decision=public_draft, heading=marker("pconf"), body=marker("pconfbody")
    )
    workflow.put_to_board(public_draft, by=alice, meeting=public_meeting, purpose="Public purpose")
    public_number = public_draft.agenda_items.get().number
    workflow.publish_agenda(public_meeting, by=alice)
    workflow.publish_agenda(private_meeting, by=alice)
    del plain_draft
    return {"public_meeting": public_meeting, "signed": signed, "public_number": public_number}


def _body(response):
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content)
    return response.content


def _pdf_text(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        return subprocess.run(
            ["pdftotext", handle.name, "-"], capture_output=True, text=True, check=True
        ).stdout


def _public_urls(client, world):
    """Every public URL: the fixed ones, and every link they lead to on this site."""
    meeting = world["public_meeting"]
    start = [
        "/decisions/", "/decisions/feed/", "/decisions.csv", "/decisions.json",
        "/api/decisions.json", "/meetings/", "/sitemap.xml", "/sitemap-decisions.xml",
        "/sitemap-meetings.xml", "/sitemap-pages.xml", "/robots.txt", "/open-data/",
        "/accessibility/", "/meetings.ics", "/forward-plan/", "/forward-plan/feed/",
        "/forward-plan.csv", "/forward-plan.ics", "/alerts/",
        f"/meetings/{meeting.pk}/", f"/meetings/{meeting.pk}/items/{world['public_number']}/",
        f"/meetings/{meeting.pk}/items/{world['public_number']}.pdf", "/decisions/wmpcc-2026-100/",
        "/decisions/wmpcc-2026-100.pdf", "/api/decisions/wmpcc-2026-100.json",
        "/decisions/wmpcc-2026-101/", "/decisions/wmpcc-2026-101.pdf",
        "/api/decisions/wmpcc-2026-101.json", "/decisions/wmpcc-2026-101/versions/1.pdf",
        f"/decisions/{world['signed'].signed_at.year}/",
    ] + [f"/decisions/?q={m}" for m in ALL_MARKERS] + [
        f"/decisions/feed/?q={m}" for m in ALL_MARKERS[:5]
    ]  # fmt: skip
    seen, queue = set(), list(start)
    while queue:
        url = queue.pop()
        if url in seen or url.startswith("/admin") or url.startswith("/static"):
            continue
        seen.add(url)
        response = client.get(url)
        yield url, response
        if response.get("Content-Type", "").startswith("text/html"):
            html = _body(response).decode()
            for link in re.findall(r'href="(/[^"#]*)"', html):
                queue.append(link.replace("&amp;", "&"))


def test_no_private_marker_reaches_any_public_url(client, world):
    fetched = 0
    for url, response in _public_urls(client, world):
        assert response.status_code in (200, 404), (url, response.status_code)
        body = _body(response)
        text = _pdf_text(body) if body.startswith(b"%PDF") else body.decode()
        # A search echoes the words searched for; anything else is a leak.
        leaked = [m for m in ALL_MARKERS if m in text and m not in url]
        assert leaked == [], f"{url} shows {leaked}"
        if url.startswith("/decisions/?q=SECRETMARK"):
            assert "0 decisions matching" in text, url
        if url.startswith("/decisions/feed/?q=SECRETMARK"):
            assert "<entry>" not in text, url
        fetched += 1
    assert fetched > 25
    assert len(ALL_MARKERS) > 60


def test_no_private_marker_reaches_the_static_export(world, tmp_path):
    call_command("export_static", tmp_path / "export", stdout=io.StringIO())
    files = [path for path in (tmp_path / "export").rglob("*") if path.is_file()]
    for path in files:
        body = path.read_bytes()
        text = _pdf_text(body) if body.startswith(b"%PDF") else body.decode(errors="replace")
        assert [m for m in ALL_MARKERS if m in text] == [], path
    exported = {path.relative_to(tmp_path / "export").as_posix() for path in files}
    assert {"decisions/wmpcc-2026-101/index.html", "decisions/wmpcc-2026-101.pdf",
            "decisions/wmpcc-2026-101/versions/1.pdf"} <= exported  # fmt: skip
    assert len(files) > 25


def test_a_released_part_alone_is_published_beside_the_parts_still_withheld(client, world):
    page = client.get("/decisions/wmpcc-2026-101/").content.decode()
    assert "RELEASEDHEAD" in page and "RELEASEDBODY" in page
    assert "kept confidential until" in page
    pdf = _pdf_text(_body(client.get("/decisions/wmpcc-2026-101.pdf")))
    assert "RELEASEDBODY" in pdf
    first = _pdf_text(_body(client.get("/decisions/wmpcc-2026-101/versions/1.pdf")))
    assert "RELEASEDBODY" not in first  # the notice as first signed withheld it


def test_a_draft_on_a_published_public_agenda_shows_only_there_marked_and_without_secrets(
    client, world
):
    meeting, number = world["public_meeting"], world["public_number"]
    paper = _body(client.get(f"/meetings/{meeting.pk}/items/{number}/")).decode()
    assert "Public board paper draft" in paper
    assert "Draft: not a decision of the Commissioner" in paper
    pdf = _pdf_text(_body(client.get(f"/meetings/{meeting.pk}/items/{number}.pdf")))
    assert "Public board paper draft" in pdf
    assert "not a decision of the Commissioner" in pdf
    for url in ("/decisions/", "/decisions/?q=Public+board+paper", "/decisions.csv",
                "/decisions.json", "/api/decisions.json", "/decisions/feed/",
                "/sitemap-decisions.xml"):  # fmt: skip
        assert "Public board paper draft" not in _body(client.get(url)).decode(), url


def test_no_private_marker_reaches_the_panel_report(client, world, alice):
    """The Panel's report is a staff document the office publishes: with every meeting
    of this world held, it shows the public ones and nothing private."""
    from django.utils import timezone

    from decisions.models import BoardMeeting, PanelReport

    today = timezone.localdate()
    for days, meeting in enumerate(BoardMeeting.objects.all(), start=1):
        BoardMeeting.objects.filter(pk=meeting.pk).update(date=today - datetime.timedelta(days))
    client.force_login(alice)
    period = {"date_from": today - datetime.timedelta(days=400), "date_to": today}
    client.post("/admin/decisions/panelreport/add/", period)
    report = PanelReport.objects.get()
    pdf = _pdf_text(_body(client.get(f"/admin/decisions/panelreport/{report.pk}/pdf/")))
    pdf = " ".join(pdf.split())  # its table cells wrap
    table = _body(client.get(f"/admin/decisions/panelreport/{report.pk}/csv/")).decode()
    for text in (pdf, table):
        assert "Public signed decision" in text
        assert [m for m in ALL_MARKERS if m in text] == []
    assert "Public board paper draft" in pdf and "Public hall" in pdf
    assert "Planned decision" in pdf
