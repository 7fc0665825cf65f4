"""The life of a decision, end to end, in a real browser, as the README walks it.

The drafter drafts it in the staff pages and puts it to the next board meeting;
a board member comments; the drafter revises and sends it for signature; the
Commissioner reads the preview and signs; the public finds it, reads it and
downloads its PDF; finally the drafter proposes its withdrawal and the
Commissioner signs that, and the public notice says it is withdrawn.

Beyond the register: the drafter puts the decision on the forward plan, a resident
subscribes to alerts for a search and is emailed when it is signed, and the Panel's
report for the month lists it.

Each step saves a screenshot as test-artifacts/journey/NN-step.png.
"""

import re
import subprocess

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.helpers import artifact_dir, log_in

WORD = "heliograph"  # in the title only: what the public searches for
TITLE = "Heliograph signalling network for rural neighbourhood teams"
SECTIONS = [
    ("Financial implications", "1. one\n2. two"),
    ("Delivery plan", "| Gate | Date |\n|---|---|\n| 0 | July 2026 |"),
    ("Legal implications", "The Commissioner has the power to make this decision."),
]
REVISED_BODY = "The Commissioner has the power to make this decision, as advised in October."
GATES = [
    (0, "Strategic outline case approved", "July 2026"),
    (1, "Supplier appointed after open tender", "October 2026"),
    (2, "Network handed over to neighbourhood teams", "March 2027"),
]
COMMENT = "The board supports this, and asks that rural parishes are told first."
PLAN_TITLE = "Signalling for rural teams"
PLAN_TEXT = "Whether to fund a fallback signalling network for the rural teams."
RESIDENT = "resident@example.org"
WITHDRAWAL_REASON = "Superseded: the rural teams will use the national radio network instead."


def _pdf_bytes() -> bytes:
    from weasyprint import HTML

    return HTML(string="<h1>Annex A: heliograph coverage map</h1>").write_pdf()


class Journey:
    """The people on the journey, each in their own browser context, and its screenshots."""

    def __init__(self, new_page):
        self.new_page = new_page
        self.folder = artifact_dir("journey", fresh=True)
        self.count = 0
        self.people = {}

    def person(self, username):
        if username not in self.people:
            page = self.new_page()
            if username != "public":
                log_in(page, username)
            self.people[username] = page
        return self.people[username]

    def shot(self, page, name):
        self.count += 1
        page.screenshot(path=str(self.folder / f"{self.count:02d}-{name}.png"), full_page=True)


def _pick_autocomplete(page, container, text, option):
    """Choose from a Django admin autocomplete (select2): open it, type, pick the option."""
    container.locator(".select2-selection").click()
    page.locator(".select2-container--open").get_by_role("searchbox").fill(text)
    page.get_by_role("option", name=re.compile(re.escape(option))).click()


def _add_inline_row(page, group, adds):
    folded = page.locator(f"#{group}-group details:not([open]) > summary")
    if folded.count():
        folded.first.click()  # a part folded away is opened first, as a person would
    page.get_by_role("button", name=adds).click()
    return page.locator(f".dynamic-{group}").last


def test_a_decision_from_draft_to_withdrawal(demo_site, new_page):
    from decisions.models import BoardMeeting, Decision

    year = timezone.localdate().year
    journey = Journey(new_page)
    next_meeting = (
        BoardMeeting.objects.filter(
            board__slug="strategic-policing-and-crime-board", date__gte=timezone.localdate()
        )
        .order_by("date")
        .first()
    )
    assert next_meeting is not None, "the demo has no meeting to come"

    # 1. The drafter drafts the decision in the staff pages.
    drafter = journey.person("drafter")
    drafter.get_by_role("link", name="Decisions", exact=True).click()
    drafter.get_by_role("link", name="Add decision").click()
    drafter.get_by_label("Title:", exact=True).fill(TITLE)
    drafter.get_by_label("Executive summary:").fill(
        "Rural neighbourhood teams lose radio contact in the hills. This decision "
        "funds a **heliograph** network as a fallback."
    )
    drafter.get_by_label("Decision:", exact=True).fill(
        "- that a heliograph network be procured for the rural teams."
    )
    _pick_autocomplete(
        drafter, drafter.locator(".field-contact_officer"), "Jacky", "Jacky Courtney"
    )
    for n, (heading, body) in enumerate(SECTIONS):
        row = _add_inline_row(drafter, "sections", "Add another Section")
        row.get_by_label("Order:").fill(str(n + 1))
        row.get_by_label("Heading:").fill(heading)
        row.get_by_label("Body:").fill(body)
    for gate, description, month in GATES:
        row = _add_inline_row(drafter, "gateways", "Add another Gateway")
        row.locator("[name$='-gate']").fill(str(gate))
        row.locator("[name$='-description']").fill(description)
        row.locator("[name$='-milestone_planned']").fill(month)
    row = _add_inline_row(drafter, "background_papers", "Add another Background paper")
    row.locator("[name$='-title']").fill("Rural radio coverage survey")
    row.locator("[name$='-url']").fill("https://www.example.org/rural-radio-survey")
    row = _add_inline_row(drafter, "annexes", "Add another Annex")
    row.locator("[name$='-label']").fill("A")
    row.locator("[name$='-title']").fill("Heliograph coverage map")
    row.locator("input[type=file]").set_input_files(
        {"name": "coverage-map.pdf", "mimeType": "application/pdf", "buffer": _pdf_bytes()}
    )
    row = _add_inline_row(drafter, "links_out", "Add another Link to an earlier decision")
    _pick_autocomplete(drafter, row, "Business", "WMPCC 2012-001")
    row = _add_inline_row(
        drafter, "forward_plan", "Add another Forward plan entry (published at once)"
    )
    row.get_by_label("Title on the plan:").fill(PLAN_TITLE)
    row.get_by_label("What the public is told:").fill(PLAN_TEXT)
    row.get_by_label("Expected in:").fill(f"December {timezone.localdate().year + 1}")
    journey.shot(drafter, "drafter-fills-in-the-decision")
    drafter.get_by_role("button", name="Save and continue editing").click()
    expect(drafter.locator(".messagelist")).to_contain_text("was added successfully")
    expect(drafter.locator(".errornote")).to_have_count(0)
    decision = Decision.objects.get(title=TITLE)
    change_url = f"/admin/decisions/decision/{decision.pk}/change/"
    assert drafter.url.endswith(change_url)

    drafter.get_by_role("link", name="Preview notice").click()
    preview = drafter.locator(".notice")
    expect(preview).to_contain_text(f"0XX/{year}")
    expect(preview.get_by_role("heading", name="Financial implications")).to_be_visible()
    expect(preview.locator("ol li")).to_have_text(["one", "two"])
    expect(preview.get_by_role("cell", name="July 2026").first).to_be_visible()
    for _gate, description, _month in GATES:
        expect(preview).to_contain_text(description)
    expect(preview.get_by_role("link", name="Heliograph coverage map")).to_be_visible()
    expect(preview).to_contain_text("WMPCC 2012-001")
    journey.shot(drafter, "preview-shows-the-placeholder-number")

    # ... the public sees it on the forward plan at once, in the office's words only;
    public = journey.person("public")
    public.goto("/")
    public.get_by_role("link", name="Forward plan").click()
    entry = public.locator(".govuk-summary-card").filter(has_text=PLAN_TITLE)
    expect(entry).to_contain_text(PLAN_TEXT)
    expect(public.locator("main")).not_to_contain_text(TITLE)
    journey.shot(public, "public-reads-the-forward-plan")

    # ... and a resident asks to be emailed about it, and confirms from the email.
    public.goto(f"/decisions/?q={WORD}")
    public.get_by_role("link", name="Get email alerts for this search").click()
    public.get_by_label("Email address").fill(RESIDENT)
    expect(public.get_by_label("Search words")).to_have_value(WORD)
    journey.shot(public, "resident-subscribes")
    public.get_by_role("button", name="Send me a confirmation email").click()
    expect(public.get_by_role("heading", name="Check your email")).to_be_visible()
    [confirmation] = [m for m in mail.outbox if m.to == [RESIDENT]]
    public.goto(re.search(r"/alerts/confirm/\S+/", confirmation.body).group(0))
    public.get_by_role("button", name="Confirm").click()
    expect(public.get_by_role("heading", name="You are subscribed")).to_be_visible()

    # 2. The drafter puts it to the next board meeting.
    drafter.goto(change_url)
    drafter.get_by_role("link", name="Put to a board meeting").click()
    drafter.get_by_label("Meeting:").select_option(label=str(next_meeting))
    journey.shot(drafter, "put-to-the-board")
    drafter.get_by_role("button", name="Put to a board meeting").click()
    expect(drafter.locator(".messagelist")).to_contain_text("on the meeting's agenda")
    expect(drafter.locator(".workflow")).to_contain_text("With the board")

    # 3. A board member finds it on the agenda and comments.
    board = journey.person("board")
    board.get_by_role("link", name="Board meetings").click()
    board.get_by_role("link", name=str(next_meeting)).click()
    board.get_by_role("link", name=re.compile(re.escape(TITLE))).first.click()
    board.get_by_role("link", name="Comment on this draft").click()
    board.get_by_label("Your comment").fill(COMMENT)
    journey.shot(board, "board-member-comments")
    board.get_by_role("button", name="Comment on this draft").click()
    expect(board.locator(".messagelist")).to_contain_text("Your comment is recorded")

    # ... the drafter reads the comment, revises a paragraph, sends it for signature.
    drafter.goto(change_url)
    expect(drafter.locator(".workflow__comments")).to_contain_text(COMMENT)
    legal = drafter.locator(".dynamic-sections, #sections-group .inline-related").filter(
        has=drafter.locator("input[value='Legal implications']")
    )
    legal.get_by_label("Body:").fill(REVISED_BODY)
    drafter.get_by_role("button", name="Save and continue editing").click()
    expect(drafter.locator(".messagelist")).to_contain_text("was changed successfully")
    journey.shot(drafter, "drafter-revises-after-the-comment")
    drafter.get_by_role("link", name="Send for signature").click()
    drafter.get_by_role("button", name="Send for signature").click()
    expect(drafter.locator(".messagelist")).to_contain_text("Sent to the Commissioner")

    # 4. The Commissioner reads the preview, declares no interest and signs.
    commissioner = journey.person("commissioner")
    commissioner.get_by_role("link", name="Decisions", exact=True).click()
    commissioner.get_by_role("link", name=TITLE).click()
    commissioner.get_by_role("link", name="Sign", exact=True).click()
    expect(commissioner.locator(".notice")).to_contain_text(REVISED_BODY)
    commissioner.get_by_label("I have no disclosable pecuniary interest").check()
    commissioner.get_by_label("I have read the notice above").check()
    journey.shot(commissioner, "commissioner-signs")
    commissioner.get_by_role("button", name="Sign", exact=True).click()
    expect(commissioner.locator(".messagelist")).to_contain_text("Signed and published")
    reference = f"WMPCC {year}-001"
    expect(commissioner.locator(".workflow")).to_contain_text(reference)
    journey.shot(commissioner, "signed-with-the-next-number")
    decision.refresh_from_db()
    assert decision.reference == reference
    public_url = decision.get_absolute_url()

    # 5. The resident is emailed, and the public finds it, reads it, downloads the PDF.
    [alert] = [m for m in mail.outbox if m.to == [RESIDENT]][1:]
    assert alert.subject == f"New decision: {reference} {TITLE}"
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert public_url in alert.body
    public.goto("/decisions/")
    public.get_by_label("Search decisions").fill(WORD)
    public.get_by_role("button", name="Search").click()
    public.get_by_role("link", name=re.compile(re.escape(reference))).click()
    assert public.url.endswith(public_url)
    notice = public.locator(".notice")
    expect(notice.locator(".notice__reference")).to_have_text(reference)
    for heading, _body in SECTIONS:
        expect(notice.get_by_role("heading", name=heading)).to_be_visible()
    rows = notice.locator("table.notice__table tbody tr")
    expect(rows).to_have_count(len(GATES))
    for n, (gate, description, month) in enumerate(GATES):
        expect(rows.nth(n)).to_contain_text(str(gate))
        expect(rows.nth(n)).to_contain_text(description)
        expect(rows.nth(n)).to_contain_text(month)
    signature = notice.locator(".notice__signature")
    expect(signature).to_contain_text("Signed: Sam Taylor")
    expect(signature).to_contain_text("No interests declared")
    journey.shot(public, "public-reads-the-notice")

    with public.expect_download() as download_info:
        public.get_by_role("link", name=re.compile("Download the PDF notice")).click()
    pdf_path = artifact_dir("journey") / "notice.pdf"
    download_info.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf_path), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    words = " ".join(text.split())
    assert reference in words
    assert TITLE in words
    for _gate, description, _month in GATES:
        assert description in words

    # ... and sees nothing of a draft: the demo's unsigned decision is not public.
    draft = Decision.objects.get(title__contains="Innovation and Integration Partner")
    assert not draft.is_signed
    public.goto(f"/admin/decisions/decision/{draft.pk}/change/")
    assert re.search(r"/admin/login/\?next=", public.url), public.url
    response = public.goto("/decisions/heliograph-made-up-slug/")
    assert response.status == 404
    if draft.slug:
        assert public.goto(f"/decisions/{draft.slug}/").status == 404

    # ... and the Panel's report for this month, prepared by the drafter, lists it.
    today = timezone.localdate()
    drafter.goto("/admin/")
    drafter.get_by_role("link", name="Prepare the Panel report").click()
    drafter.get_by_label("From:").fill(today.replace(day=1).isoformat())
    drafter.get_by_label("To:").fill(today.isoformat())
    journey.shot(drafter, "drafter-prepares-the-panel-report")
    drafter.get_by_role("button", name="Prepare the report").click()
    expect(drafter.locator(".messagelist")).to_contain_text("is ready")
    with drafter.expect_download() as download_info:
        drafter.get_by_role("link", name="CSV").first.click()
    panel_csv = artifact_dir("journey") / "panel-report.csv"
    download_info.value.save_as(panel_csv)
    rows = panel_csv.read_text(encoding="utf-8")
    assert f"{reference},{TITLE},signed" in rows
    journey.shot(drafter, "panel-report-made")

    # 6. A signed decision is read-only; the drafter proposes its withdrawal...
    drafter.goto(change_url)
    frozen = drafter.locator(".workflow__frozen")
    expect(frozen).to_contain_text("has been signed")
    expect(frozen).to_contain_text("can no longer be changed")
    expect(frozen).to_contain_text("propose an amendment")
    drafter.get_by_role("link", name="Propose withdrawal").click()
    drafter.get_by_label("Why the decision is withdrawn").fill(WITHDRAWAL_REASON)
    drafter.get_by_role("button", name="Propose withdrawal").click()
    expect(drafter.locator(".messagelist")).to_contain_text("withdrawal is waiting")
    journey.shot(drafter, "drafter-proposes-withdrawal")

    # ... the Commissioner signs it ...
    commissioner.goto(change_url)
    commissioner.get_by_role("link", name="Review and sign").click()
    expect(commissioner.locator("#content-main")).to_contain_text(WITHDRAWAL_REASON)
    commissioner.get_by_role("button", name="Sign the withdrawal").click()
    expect(commissioner.locator(".messagelist")).to_contain_text("signed and published")

    # ... and the public notice says so, with the reason.
    public.goto(public_url)
    banner = public.locator(".notice__withdrawn")
    expect(banner.get_by_role("heading", name="This decision has been withdrawn")).to_be_visible()
    expect(banner).to_contain_text(WITHDRAWAL_REASON)
    journey.shot(public, "public-sees-the-withdrawal")
