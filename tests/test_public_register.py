"""What the public sees: the register, search, notices, PDFs, feeds and open data."""

import csv
import io
import json
import re

import pytest

from decisions import workflow
from decisions.models import ConfidentialPart, Decision, DecisionStatus, Section
from tests import factories

pytestmark = pytest.mark.django_db


def _signed(title, *, body="", reference=None, signed_on=None, **fields):
    decision = factories.draft(title=title, **fields)
    if body:
        Section.objects.create(decision=decision, order=2, heading="Background", body=body)
    return factories.record_signature(decision, reference=reference, signed_on=signed_on)


def _text(response):
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_the_register_is_newest_first_with_a_count(client):
    import datetime

    _signed("Older", reference="WMPCC 2013-001", signed_on=datetime.date(2013, 2, 14))
    _signed("Newer", reference="WMPCC 2014-001", signed_on=datetime.date(2014, 3, 1))
    factories.draft(title="Unsigned draft")
    page = _text(client.get("/decisions/"))
    assert "2 decisions" in page
    assert page.index("Newer") < page.index("Older")
    assert "Unsigned draft" not in page


def test_search_finds_words_in_sections_ranks_and_highlights(client):
    _signed("Fleet vehicles", body="The fleet of marked vehicles will be replaced.")
    _signed("Custody", body="Healthcare in custody suites.")
    response = client.get("/decisions/", {"q": "vehicles"})
    page = _text(response)
    assert "1 decision matching “vehicles”" in page
    assert "Fleet vehicles" in page and "Custody" not in page
    assert re.search(r"<mark>vehicles</mark>", page, re.IGNORECASE)


def test_search_highlighting_never_lets_content_run_as_html(client):
    _signed("Hostile", body="Payload <script>alert('x')</script> vehicles")
    page = _text(client.get("/decisions/", {"q": "vehicles"}))
    assert "<script>alert" not in page
    assert re.search(r"<mark>vehicles</mark>", page, re.IGNORECASE)


def test_filters_and_search_combine_in_a_shareable_url(client):
    import datetime

    _signed("Fleet 2013", body="vehicles", signed_on=datetime.date(2013, 5, 1))
    _signed("Fleet 2014", body="vehicles", signed_on=datetime.date(2014, 5, 1))
    page = _text(client.get("/decisions/", {"q": "vehicles", "year": "2014"}))
    assert "Fleet 2014" in page and "Fleet 2013" not in page
    assert 'href="/decisions/feed/?q=vehicles&amp;year=2014"' in page


def test_status_filter_separates_in_force_amended_and_withdrawn(client, alice, carol, board):
    amended = factories.in_state(
        DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board, title="Amended one"
    )
    workflow.propose_amendment(amended, by=alice, change_note="Fix")
    workflow.sign_amendment(amended, by=carol)
    factories.in_state(
        DecisionStatus.WITHDRAWN, drafter=alice, commissioner=carol, board_=board, title="Gone one"
    )
    factories.in_state(
        DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board, title="Plain one"
    )
    assert "Gone one" in _text(client.get("/decisions/", {"status": "withdrawn"}))
    only_amended = _text(client.get("/decisions/", {"status": "amended"}))
    assert "Amended one" in only_amended and "Plain one" not in only_amended
    in_force = _text(client.get("/decisions/", {"status": "published"}))
    assert "Plain one" in in_force and "Gone one" not in in_force


def test_bad_filters_get_a_clear_message_and_match_nothing(client):
    _signed("Fleet", body="vehicles")
    page = _text(client.get("/decisions/", {"q": "vehicles", "year": "abc", "board": "nope"}))
    assert "No decisions match these filters" in page
    assert "There are no decisions from that year" in page
    assert "There is no such board" in page
    assert "0 decisions" in page and "Fleet" not in page
    assert 'value="vehicles"' in page  # what the reader typed is kept


def test_the_year_archive_lists_that_year_only(client):
    import datetime

    _signed("In 2013", signed_on=datetime.date(2013, 5, 1))
    _signed("In 2014", signed_on=datetime.date(2014, 5, 1))
    page = _text(client.get("/decisions/2013/"))
    assert "Decisions of 2013" in page and "In 2013" in page and "In 2014" not in page


def test_a_notice_page_shows_every_public_part_in_order_with_json_ld(client, demo):
    response = client.get("/decisions/wmpcc-2012-001/")
    page = _text(response)
    order = [
        "WMPCC 2012-001",
        "Business Partnering for the Police Programme",
        "Executive summary",
        "Recommendation and reasons",
        "Reasons",
        "Background and issues for consideration",
        "Equality, Diversity and Human Rights",
        "Signature",
        "Bob Jones, West Midlands Police and Crime Commissioner",
        "Contact officer",
        "0121 626 6060",
        "Background papers",
        "PCC Transformation Options Paper",
    ]
    positions = [page.index(text, page.index("<main")) for text in order]
    assert positions == sorted(positions)
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    data = json.loads(ld)
    assert data["@type"] == "Legislation"
    assert data["legislationIdentifier"] == "WMPCC 2012-001"
    assert data["legislationDate"] == "2012-11-22"


def test_the_notice_page_shows_the_sha256_of_the_stored_pdf_which_is_served_as_stored(
    client, demo, monkeypatch
):
    from decisions.models import Decision

    decision = Decision.objects.get(reference="WMPCC 2012-001")
    document = decision.documents.latest()
    assert document.sha256 in _text(client.get("/decisions/wmpcc-2012-001/"))

    def never(*args, **kwargs):
        raise AssertionError("a PDF must never be rendered per request")

    monkeypatch.setattr("decisions.pdf.render_notice_pdf", never)
    response = client.get("/decisions/wmpcc-2012-001.pdf")
    assert response["Content-Type"] == "application/pdf"
    body = b"".join(response.streaming_content)
    with document.file.open("rb") as stored:
        assert body == stored.read()


def test_a_withdrawn_notice_shows_its_banner_and_reason(client, alice, carol, board):
    decision = factories.in_state(
        DecisionStatus.WITHDRAWN, drafter=alice, commissioner=carol, board_=board
    )
    page = _text(client.get(decision.get_absolute_url()))
    assert "This decision has been withdrawn" in page and "Superseded." in page


def test_guessed_urls_of_unsigned_decisions_are_404(client, alice, carol, board):
    ready = factories.in_state(
        DecisionStatus.READY, drafter=alice, commissioner=carol, board_=board
    )
    slug = "wmpcc-2026-999"
    ready.__class__.objects.filter(pk=ready.pk).update(slug=slug)
    for url in (f"/decisions/{slug}/", f"/decisions/{slug}.pdf", f"/api/decisions/{slug}.json"):
        assert client.get(url).status_code == 404


def test_the_feed_is_atom_with_new_amended_and_withdrawn_decisions(client, alice, carol, board):
    signed = factories.in_state(
        DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board, title="Amend me"
    )
    workflow.propose_amendment(signed, by=alice, change_note="Fix")
    workflow.sign_amendment(signed, by=carol)
    factories.in_state(
        DecisionStatus.WITHDRAWN, drafter=alice, commissioner=carol, board_=board, title="Pull me"
    )
    factories.in_state(
        DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board, title="Fresh"
    )
    response = client.get("/decisions/feed/")
    feed = _text(response)
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Amended: " in feed and "Amend me" in feed
    assert "Withdrawn: " in feed and "Pull me" in feed
    assert "Fresh" in feed
    searched = _text(client.get("/decisions/feed/", {"q": "Fresh"}))
    assert "Fresh" in searched and "Pull me" not in searched


def test_it_puts_the_latest_changed_first_in_the_feed_however_long_ago_signed(
    client, alice, carol, board, monkeypatch
):
    monkeypatch.setattr("decisions.public.exports.FEED_SIZE", 3)
    signed = DecisionStatus.SIGNED

    def decision(title):
        return factories.in_state(
            signed, drafter=alice, commissioner=carol, board_=board, title=title
        )

    amended, withdrawn = decision("Old, amended twice"), decision("Old, then withdrawn")
    for title in ("Third", "Fourth", "Fifth", "Newest signed"):
        decision(title)
    for note in ("First fix", "Second fix"):
        workflow.propose_amendment(amended, by=alice, change_note=note)
        workflow.sign_amendment(amended, by=carol)
    workflow.propose_withdrawal(withdrawn, by=alice, reason="Superseded.")
    workflow.sign_amendment(withdrawn, by=carol)
    feed = _text(client.get("/decisions/feed/"))
    titles = re.findall(r"<title>([^<]*)</title>", feed)[1:]
    assert titles == [
        f"Withdrawn: {withdrawn.reference} Old, then withdrawn",
        f"Amended: {amended.reference} Old, amended twice",
        f"{Decision.objects.get(title='Newest signed').reference}: Newest signed",
    ]


def test_csv_and_json_hold_published_decisions_with_stable_fields(client):
    _signed('=HYPERLINK("http://evil.example")', body="x")
    _signed("@SUM(1+1)", body="y")
    factories.draft(title="Not published")
    rows = list(csv.reader(io.StringIO(_text(client.get("/decisions.csv")))))
    header, data = rows[0], rows[1:]
    assert header[:4] == ["reference", "title", "status", "signed_on"]
    titles = {row[1] for row in data}
    assert titles == {'\'=HYPERLINK("http://evil.example")', "'@SUM(1+1)"}
    payload = json.loads(_text(client.get("/api/decisions.json")))
    assert payload["fields"] == header
    assert len(payload["decisions"]) == 2
    assert "Not published" not in json.dumps(payload)
    one = payload["decisions"][0]
    single = client.get(f"/api/decisions/{one['url'].rstrip('/').rsplit('/', 1)[1]}.json").json()
    assert single == one


def test_meetings_publish_a_public_agenda_with_drafts_marked_and_private_items_hidden(
    client, alice, carol, board
):
    meeting = factories.meeting(board)
    public_draft = factories.draft(created_by=alice, title="Public draft")
    ConfidentialPart.objects.create(decision=public_draft, heading="Part 2", body="SECRET-PRICE")
    workflow.put_to_board(public_draft, by=alice, meeting=meeting, purpose="Ask the board.")
    private = factories.draft(created_by=alice, title="Private matter")
    workflow.put_to_board(private, by=alice, meeting=meeting, is_private=True)

    before = _text(client.get(f"/meetings/{meeting.pk}/"))
    assert "not been published" in before and "Public draft" not in before

    workflow.publish_agenda(meeting, by=alice)
    page = _text(client.get(f"/meetings/{meeting.pk}/"))
    assert "Public draft" in page and "Draft: not a decision of the Commissioner" in page
    assert "Private item" in page and "Private matter" not in page
    paper = _text(client.get(f"/meetings/{meeting.pk}/items/1/"))
    assert "Draft: not a decision of the Commissioner" in paper
    assert "Ask the board." in paper and "SECRET-PRICE" not in paper
    assert client.get(f"/meetings/{meeting.pk}/items/2/").status_code == 404


def test_a_private_meeting_publishes_no_papers(client, alice, board):
    meeting = factories.meeting(board, held_in_public=False)
    workflow.put_to_board(factories.draft(title="Closed"), by=alice, meeting=meeting)
    workflow.publish_agenda(meeting, by=alice)
    assert "Closed" not in _text(client.get(f"/meetings/{meeting.pk}/"))
    assert client.get(f"/meetings/{meeting.pk}/items/1/").status_code == 404


def test_a_board_paper_links_to_the_signed_notice_once_there_is_one(client, alice, carol, board):
    meeting = factories.meeting(board)
    decision = factories.draft(created_by=alice, title="Soon signed")
    workflow.put_to_board(decision, by=alice, meeting=meeting)
    workflow.publish_agenda(meeting, by=alice)
    decision = workflow.send_for_signature(decision, by=alice)
    signed = workflow.sign(decision, by=carol, declaration="none")
    paper = _text(client.get(f"/meetings/{meeting.pk}/items/1/"))
    assert f'href="{signed.get_absolute_url()}"' in paper


def test_sitemap_robots_accessibility_and_a_helpful_404(client, demo):
    assert "/decisions/wmpcc-2012-001/" in _text(client.get("/sitemap-decisions.xml"))
    assert "sitemap-decisions.xml" in _text(client.get("/sitemap.xml"))
    robots = _text(client.get("/robots.txt"))
    assert "Disallow: /admin/" in robots and "Sitemap:" in robots
    assert "Accessibility statement" in _text(client.get("/accessibility/"))
    missing = client.get("/decisions/no-such-decision/")
    assert missing.status_code == 404
    assert "Search the decisions" in _text(missing)


def test_annexes_download_as_attachments_only_once_public(client, alice, carol, board):
    from django.core.files.base import ContentFile

    from decisions.models import Annex

    decision = factories.draft(created_by=alice, title="With an annex")
    annex = Annex(decision=decision, label="A", title="Report", original_filename="report.pdf")
    annex.file.save("report.pdf", ContentFile(b"%PDF-1.7 annex"), save=False)
    annex.save()
    url = f"/documents/annex/{annex.pk}/"
    assert client.get(url).status_code == 404  # a draft's annex does not exist publicly
    factories.record_signature(decision, reference="WMPCC 2026-050")
    page = _text(client.get("/decisions/wmpcc-2026-050/"))
    assert f'href="{url}"' in page
    response = client.get(url)
    assert response["Content-Disposition"].startswith('attachment; filename="report.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 annex"
    assert client.get("/documents/script/1/").status_code == 404


def test_stored_files_are_for_staff_through_the_admin_until_the_decision_is_public(
    client, alice, dave
):
    from django.core.files.base import ContentFile

    from decisions.models import Annex

    decision = factories.draft(created_by=alice, title="Draft with a paper")
    annex = Annex(decision=decision, label="A", title="Report", original_filename="r.pdf")
    annex.file.save("r.pdf", ContentFile(b"%PDF-1.7 draft annex"), save=False)
    annex.save()
    url = annex.file.url  # where the admin's own link points
    assert url.startswith("/admin/")
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert client.get(f"/media/{annex.file.name}").status_code == 404
    assert client.get(f"/documents/annex/{annex.pk}/").status_code == 404
    client.force_login(dave)  # staff, but no role
    assert client.get(url).status_code in (403, 404)
    client.force_login(alice)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == b"%PDF-1.7 draft annex"
    assert client.get(url.replace("annexes/", "notices/../../../etc/")).status_code == 404


def test_a_search_matching_very_many_says_more_than_and_lists_newest_first(client, settings):
    import datetime

    from decisions.public import finding

    for n in range(6):
        _signed(f"Common {n}", body="policing matters", signed_on=datetime.date(2020, 1, 1 + n))
    original = finding.SEARCH_COUNT_CAP
    try:
        finding.SEARCH_COUNT_CAP = 4
        page = _text(client.get("/decisions/", {"q": "policing"}))
    finally:
        finding.SEARCH_COUNT_CAP = original
    assert "More than" in page and "newest first" in page
    assert page.index("Common 5") < page.index("Common 0")


def test_it_heads_a_notice_with_its_office_and_reference(
    client, alice, carol, board, tmp_path, settings
):
    from tests.pdf_tools import Pdf

    settings.OFFICE_NAME = "Commissioner for Testshire"
    meeting = factories.meeting(board)
    decision = factories.draft(created_by=alice, title="Headed")
    workflow.put_to_board(decision, by=alice, meeting=meeting)
    workflow.publish_agenda(meeting, by=alice)
    paper = _text(client.get(f"/meetings/{meeting.pk}/items/1/"))
    assert f'<span class="notice__reference">{decision.display_reference}</span>' in paper
    workflow.send_for_signature(decision, by=alice)
    signed = workflow.sign(decision, by=carol, declaration="none")
    page = " ".join(_text(client.get(signed.get_absolute_url())).split())
    assert f"Code of Conduct for the {settings.OFFICE_ORGANISATION}. " in page
    pdf = " ".join(Pdf(signed.documents.latest().file.read(), tmp_path).text().split())
    assert settings.OFFICE_NAME in pdf
