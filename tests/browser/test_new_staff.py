"""Each role from a new account, in a real browser at 1,280 px.

An administrator adds the account with a name, an email address and a role; its owner
chooses a password from the emailed link, signs in, sets up an authenticator app from
the secret the page shows, keeps the backup codes, and does the role's work from their
home page. Screenshots: test-artifacts/new-<role>/NN-step.png.
"""

import base64
import re

import pytest
from django.core import mail
from django.utils import timezone
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.browser.helpers import artifact_dir, log_in

NEW_PASSWORD = "my own long passphrase 2026"
BOARD = "Strategic Policing and Crime Board"
NOTE = "Needed before the rural teams' winter rota starts."
COMMENT = "The board supports this and asks that parishes are told first."


class NewStaff:
    """One new member of staff, from the administrator's form to their home page."""

    def __init__(self, new_page, role: str, username: str):
        self.new_page = new_page
        self.role = role
        self.username = username
        self.folder = artifact_dir(f"new-{username}", fresh=True)
        self.count = 0
        self.page = None

    def shot(self, page, name):
        self.count += 1
        page.screenshot(path=str(self.folder / f"{self.count:02d}-{name}.png"), full_page=True)

    def added_by_the_administrator(self, **extra):
        admin = self.new_page(width=1280)
        log_in(admin, "admin")
        admin.goto("/admin/auth/user/add/")
        admin.get_by_label("Username:").fill(self.username)
        admin.get_by_label("First name:").fill("Nadia")
        admin.get_by_label("Last name:").fill(self.username.title())
        admin.get_by_label("Email address:").fill(f"{self.username}@opcc.example")
        admin.get_by_label("Role:").select_option(label=self.role)
        if "board" in extra:
            admin.get_by_label(extra["board"]).check()
        if "signs_as" in extra:
            admin.get_by_label("Signs as:").fill(extra["signs_as"])
        self.shot(admin, "administrator-adds-the-account")
        admin.get_by_role("button", name="Save", exact=True).click()
        expect(admin.locator(".messagelist")).to_contain_text("An invitation to choose a password")
        admin.context.close()

    def signs_in_for_the_first_time(self):
        [invitation] = [m for m in mail.outbox if m.to == [f"{self.username}@opcc.example"]]
        # The link is on SITE_URL; the live server has a port of its own.
        link = re.search(r"https?://[^/\s]+(/admin/reset/\S+/)", invitation.body).group(1)
        page = self.page = self.new_page(width=1280)
        page.goto(link)
        page.get_by_label("New password:").fill(NEW_PASSWORD)
        page.get_by_label("Confirm password:").fill(NEW_PASSWORD)
        self.shot(page, "chooses-a-password")
        page.get_by_role("button", name="Change my password").click()
        page.get_by_role("link", name="Log in").click()
        page.get_by_label("Username").fill(self.username)
        page.get_by_label("Password").fill(NEW_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.locator(".enrol__qr svg")).to_be_visible()
        self.shot(page, "sets-up-the-authenticator")
        page.get_by_label("Code").fill(_authenticator_code(page.locator(".enrol__secret")))
        page.get_by_role("button", name="Confirm").click()
        expect(page.locator("li code")).to_have_count(10)
        self.shot(page, "keeps-ten-backup-codes")
        page.goto("/admin/")
        self.shot(page, "home")
        return page


def _authenticator_code(secret) -> str:
    """What an authenticator app shows for the secret typed into it."""
    key = base64.b32decode(secret.inner_text().replace(" ", "").upper())
    return str(totp(key)).zfill(6)


def _next_meeting():
    from decisions.models import BoardMeeting

    return (
        BoardMeeting.objects.filter(board__name=BOARD, date__gte=timezone.localdate())
        .order_by("date")
        .first()
    )


def _on_the_next_agenda(title):
    from django.contrib.auth import get_user_model

    from decisions import workflow
    from tests import factories

    drafter = get_user_model().objects.get(username="drafter")
    decision = factories.draft(title=title, created_by=drafter)
    return workflow.put_to_board(decision, by=drafter, meeting=_next_meeting()), drafter


@pytest.mark.django_db(transaction=True)
def test_a_new_drafter_drafts_and_puts_it_to_the_board(demo_site, new_page):
    drafter = NewStaff(new_page, "Drafter", "newdrafter")
    drafter.added_by_the_administrator()
    page = drafter.signs_in_for_the_first_time()
    page.get_by_role("link", name="Start a new decision").click()
    page.get_by_label("Title:", exact=True).fill("Speed cameras on the A38 at Bromsgrove")
    page.get_by_label("Executive summary:").fill("Two average-speed cameras on the A38.")
    page.get_by_label("Decision:", exact=True).fill("- that two cameras be funded.")
    contact = page.locator(".field-contact_officer")
    contact.locator(".select2-selection").click()
    page.locator(".select2-container--open").get_by_role("searchbox").fill("Jacky")
    page.get_by_role("option", name=re.compile("Jacky Courtney")).click()
    drafter.shot(page, "drafts-a-decision")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    page.get_by_role("link", name="Put to a board meeting").click()
    page.get_by_label("Meeting:").select_option(label=str(_next_meeting()))
    page.get_by_role("button", name="Put to a board meeting").click()
    expect(page.locator(".messagelist")).to_contain_text("on the meeting's agenda")
    page.goto("/admin/")
    drafts = page.locator("#drafts + table, section[aria-labelledby=drafts]")
    expect(drafts).to_contain_text("Speed cameras on the A38 at Bromsgrove")
    expect(drafts).to_contain_text("With the board")
    drafter.shot(page, "home-shows-the-draft-with-the-board")


@pytest.mark.django_db(transaction=True)
def test_a_new_board_member_comments_from_their_agenda(demo_site, new_page):
    decision, _ = _on_the_next_agenda("Rural crime partnership for the Marches")
    member = NewStaff(new_page, "Board member", "newmember")
    member.added_by_the_administrator(board=BOARD)
    page = member.signs_in_for_the_first_time()
    meetings = page.locator("section[aria-labelledby=your-meetings]")
    expect(meetings).to_contain_text(str(_next_meeting()))
    item = meetings.get_by_role("listitem").filter(has_text=decision.title)
    item.get_by_role("link", name="Comment").click()
    page.get_by_label("Your comment").fill(COMMENT)
    member.shot(page, "comments-on-the-draft")
    page.get_by_role("button", name="Comment on this draft").click()
    expect(page.locator(".messagelist")).to_contain_text("Your comment is recorded")
    assert decision.agenda_items.get().comments.get().body == COMMENT


@pytest.mark.django_db(transaction=True)
def test_a_new_commissioner_reads_and_signs_from_their_home_page(demo_site, new_page):
    from decisions import workflow

    decision, drafter = _on_the_next_agenda("Victim care contract for 2027 to 2030")
    board_member = decision.agenda_items.get().meeting.board.members.first()
    workflow.comment(decision, by=board_member, body=COMMENT)
    workflow.send_for_signature(decision, by=drafter, reason=NOTE)
    commissioner = NewStaff(new_page, "Commissioner", "newcommissioner")
    commissioner.added_by_the_administrator(signs_as="Police and Crime Commissioner")
    page = commissioner.signs_in_for_the_first_time()
    waiting = page.locator("section[aria-labelledby=to-sign]")
    expect(waiting).to_contain_text(decision.title)
    expect(waiting).to_contain_text(NOTE)
    expect(waiting).to_contain_text(COMMENT)
    expect(waiting.locator(".notice")).to_contain_text("that the thing be done")
    waiting.get_by_role("link", name="Review and sign").click()
    page.get_by_label("I have no disclosable pecuniary interest").check()
    page.get_by_label("I have read the notice above").check()
    commissioner.shot(page, "signs")
    page.get_by_role("button", name="Sign", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Signed and published")
    decision.refresh_from_db()
    assert decision.signed_name == "Nadia Newcommissioner"
