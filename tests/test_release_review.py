"""A signed decision's confidential parts, reviewed for release when their date comes:
listed for the Commissioner (and shown to the drafters), reminded by email on the day,
then released (a signed new version of the notice publishing exactly that part) or
kept confidential to a later date. Board members and staff without a role see none of
it; bad input changes nothing and says why."""

import datetime
import re
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from decisions.alerts import sending
from decisions.models import (
    AlertDelivery,
    DecisionStatus,
    NoticeVersion,
    ReleaseReview,
    ReviewReminder,
    Signatory,
    Subscription,
    VersionEvent,
)
from decisions.notices import Notice
from decisions.publishing import current_notice
from decisions.workflow import TransitionRefused, keep_part, release_part, version_of
from decisions.workflow.release import release_digest
from tests import factories
from tests.test_confidentiality import _pdf_text

pytestmark = pytest.mark.django_db

RELEASED = "RELEASEDWORDS tender prices were 1m and 2m"
KEPT = "KEPTWORDS the informant's name"
HOME = "/admin/"
NOT_DUE = "it may have been released or reviewed already"
TODAY = timezone.localdate


def _step(decision, name):
    return f"/admin/decisions/decision/{decision.pk}/step/{name}/"


@pytest.fixture
def signed(alice, carol, board):
    """A signed decision with two parts due for review, and one not yet due."""
    decision = factories.draft(created_by=alice, title="Custody contract")
    factories.confidential_part(decision, order=1, heading="Tender prices", body=RELEASED)
    factories.confidential_part(
        decision, order=2, heading="Informant", body=KEPT, exemption="Personal data (s.40)"
    )
    factories.confidential_part(
        decision,
        order=3,
        heading="Later",
        body="NOTDUEWORDS",
        release_after=TODAY() + datetime.timedelta(days=30),
    )
    factories.sign_through_workflow(decision, drafter=alice, commissioner=carol, board_=board)
    decision.refresh_from_db()
    return decision


def _parts(decision):
    return {p.heading: p for p in decision.confidential_parts.all()}


def _release_form(client, decision, part):
    """What carol's release page carries back: her version, the part and the digest."""
    carol = Signatory.objects.get(user__username="carol")
    seen = release_digest(part, carol, current_notice(decision))
    return {"version": version_of(decision), "part": str(part.pk), "seen": seen, "confirm": "on"}


def _keep_form(decision, part, **fields):
    data = {
        "version": version_of(decision),
        "part": str(part.pk),
        "next_review_on": (TODAY() + datetime.timedelta(days=365)).isoformat(),
        "reason": "The investigation continues.",
    }
    return {**data, **fields}


def _state(decision):
    return (
        NoticeVersion.objects.filter(decision=decision).count(),
        ReleaseReview.objects.count(),
        decision.amendments.count(),
    )


def _errors(client, response):
    return client.get(response["Location"]).content.decode()


# --- Who sees what is due -------------------------------------------------------------


def test_it_lists_due_parts_with_release_and_keep_links_for_the_commissioner(client, carol, signed):
    client.force_login(carol)
    page = client.get(HOME).content.decode()
    assert "Confidential parts due for review" in page
    assert "Tender prices" in page and "Informant" in page and "Personal data (s.40)" in page
    assert "Later" not in page.split("Confidential parts due for review")[1].split("</table>")[0]
    part = _parts(signed)["Tender prices"]
    assert f"{_step(signed, 'release_part')}?part={part.pk}" in page
    assert f"{_step(signed, 'keep_part')}?part={part.pk}" in page


def test_it_shows_the_drafter_what_is_due_without_the_commissioners_links(client, alice, signed):
    client.force_login(alice)
    page = client.get(HOME).content.decode()
    assert "Confidential parts due for review" in page and "Tender prices" in page
    assert "release_part" not in page and "keep_part" not in page


@pytest.mark.parametrize("who", ["bob", "dave"])
def test_it_shows_board_members_and_staff_without_a_role_nothing_of_it(
    client, who, request, signed
):
    client.force_login(request.getfixturevalue(who))
    page = client.get(HOME).content.decode()
    assert "due for review" not in page and "Tender prices" not in page


@pytest.mark.parametrize("name", ["release_part", "keep_part"])
@pytest.mark.parametrize("who", ["alice", "bob", "dave"])
def test_it_refuses_the_review_pages_to_everyone_but_the_commissioner(
    client, request, who, name, signed
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    part = _parts(signed)["Tender prices"]
    before = _state(signed)
    for send in (
        lambda: client.get(f"{_step(signed, name)}?part={part.pk}"),
        lambda: client.post(_step(signed, name), _keep_form(signed, part, confirm="on")),
    ):
        response = send()
        assert response.status_code in (302, 403, 404)
        assert RELEASED not in response.content.decode()
        if response.status_code == 302:  # alice: refused with the reason
            assert "Only the Commissioner can" in _errors(client, response)
    assert _state(signed) == before


def test_it_writes_nothing_when_the_commissioner_only_opens_the_pages(client, carol, signed):
    client.force_login(carol)
    before = _state(signed)
    part = _parts(signed)["Tender prices"]
    for name in ("release_part", "keep_part"):
        assert client.get(f"{_step(signed, name)}?part={part.pk}").status_code == 200
    assert _state(signed) == before


# --- Release ----------------------------------------------------------------------------


def test_it_previews_exactly_the_notice_release_publishes(client, carol, signed):
    client.force_login(carol)
    part = _parts(signed)["Tender prices"]
    page = client.get(f"{_step(signed, 'release_part')}?part={part.pk}").content.decode()
    preview = page.split("exactly the notice that will be published")[1]
    assert RELEASED in preview and "Confidential part released" in preview
    assert KEPT not in preview and "NOTDUEWORDS" not in preview
    assert "2 parts of this decision are confidential" in preview


def test_it_releases_exactly_the_chosen_part_in_a_new_signed_version(client, carol, signed):
    Subscription.objects.create(email="reader@example.org", confirmed_at=timezone.now())
    client.force_login(carol)
    part = _parts(signed)["Tender prices"]
    response = client.post(_step(signed, "release_part"), _release_form(client, signed, part))
    assert "Released" in _errors(client, response)

    version = signed.versions.latest()
    assert version.event == VersionEvent.RELEASED and version.number == 2
    notice = Notice.from_json(version.content)
    assert [w.ground for w in notice.withheld] == ["Personal data (s.40)", part.exemption]
    assert notice.changes[-1].kind == "release" and RELEASED in notice.changes[-1].body
    assert version.document.sha256  # the worker (immediate in tests) made its PDF
    pdf = _pdf_text(version.document.file.read())
    assert "RELEASEDWORDS" in pdf and "KEPTWORDS" not in pdf and "NOTDUEWORDS" not in pdf

    client.logout()
    public = client.get(signed.get_absolute_url()).content.decode()
    assert RELEASED in public and KEPT not in public and "NOTDUEWORDS" not in public
    assert "Confidential part released" in public
    feed = client.get("/decisions/feed/").content.decode()
    assert f"Part released: {signed.reference}" in feed and KEPT not in feed
    exported = b"".join(client.get("/decisions.json").streaming_content).decode()
    assert "RELEASEDWORDS" in exported and "KEPTWORDS" not in exported
    found = client.get("/decisions/", {"q": "RELEASEDWORDS"}).content.decode()
    assert signed.reference in found and "1 decision" in found
    assert "0 decisions" in client.get("/decisions/", {"q": "KEPTWORDS"}).content.decode()
    delivery = AlertDelivery.objects.get(version=version)
    assert sending._item(delivery.version)["headline"] == "Confidential part released"
    assert any("Confidential part released" in m.subject for m in mail.outbox)
    # No longer due: gone from the Commissioner's list.
    client.force_login(carol)
    assert "Tender prices" not in client.get(HOME).content.decode()


def test_it_releases_a_part_once(client, carol, signed):
    client.force_login(carol)
    part = _parts(signed)["Tender prices"]
    form = _release_form(client, signed, part)
    client.post(_step(signed, "release_part"), form)
    before = _state(signed)
    again = client.post(_step(signed, "release_part"), form)
    assert again.status_code == 302
    assert NOT_DUE in _errors(client, again)
    assert _state(signed) == before


@pytest.mark.parametrize("tampered", ["other", "abc", "999999", "-1", "not due"])
def test_it_refuses_a_tampered_part_id_and_changes_nothing(
    client, carol, signed, alice, board, tampered
):
    other = factories.in_state(
        DecisionStatus.SIGNED,
        drafter=alice,
        commissioner=carol,
        board_=board,
        confidential={"body": "OTHERWORDS"},
    )
    part_id = {
        "other": other.confidential_parts.get().pk,
        "not due": _parts(signed)["Later"].pk,
    }.get(tampered, tampered)
    client.force_login(carol)
    before = _state(signed)
    form = {**_release_form(client, signed, _parts(signed)["Tender prices"]), "part": part_id}
    for name, data in (
        ("release_part", form),
        ("keep_part", {**_keep_form(signed, _parts(signed)["Tender prices"]), "part": part_id}),
    ):
        url = _step(signed, name)
        opened = client.get(f"{url}?part={part_id}")
        assert opened.status_code == 302 and NOT_DUE in _errors(client, opened)
        posted = client.post(url, data)
        assert posted.status_code == 302 and NOT_DUE in _errors(client, posted)
    assert _state(signed) == before


def test_it_refuses_to_release_a_part_of_a_withdrawn_decision(client, alice, carol, board):
    withdrawn = factories.in_state(
        DecisionStatus.WITHDRAWN,
        drafter=alice,
        commissioner=carol,
        board_=board,
        confidential={"body": "WITHDRAWNWORDS"},
    )
    part = withdrawn.confidential_parts.get()
    client.force_login(carol)
    before = _state(withdrawn)
    response = client.post(
        _step(withdrawn, "release_part"),
        {"version": version_of(withdrawn), "part": str(part.pk), "seen": "", "confirm": "on"},
    )
    assert "is withdrawn" in _errors(client, response)
    assert _state(withdrawn) == before
    assert "Tender prices" not in client.get(HOME).content.decode()


def test_it_refuses_to_release_a_part_of_an_unsigned_decision(carol, alice, board):
    ready = factories.in_state(
        DecisionStatus.READY, drafter=alice, commissioner=carol, board_=board, confidential={}
    )
    with pytest.raises(TransitionRefused, match="ready for signature"):
        release_part(ready, by=carol, part=ready.confidential_parts.get().pk)
    assert not ReleaseReview.objects.exists()


def test_it_refuses_a_release_signed_on_a_notice_that_changed_since(client, carol, signed):
    client.force_login(carol)
    tender, informant = _parts(signed)["Tender prices"], _parts(signed)["Informant"]
    stale = _release_form(client, signed, tender)
    client.post(_step(signed, "release_part"), _release_form(client, signed, informant))
    before = _state(signed)
    response = client.post(_step(signed, "release_part"), stale)
    assert "changed after you opened this page" in _errors(client, response)
    assert _state(signed) == before


# --- Keep -------------------------------------------------------------------------------


def test_it_keeps_a_part_to_a_later_date_and_says_so_publicly_without_the_reason(
    client, carol, signed
):
    client.force_login(carol)
    part = _parts(signed)["Informant"]
    later = TODAY() + datetime.timedelta(days=365)
    form = _keep_form(signed, part, reason="SECRETREASON the investigation continues")
    response = client.post(_step(signed, "keep_part"), form)
    assert "Kept confidential" in _errors(client, response)
    review = ReleaseReview.objects.get()
    assert (review.outcome, review.next_review_on, review.by) == ("kept", later, carol)
    assert signed.versions.count() == 1  # the signed notice is unchanged
    assert "Informant" not in client.get(HOME).content.decode().split("</table>")[0]

    client.logout()
    public = client.get(signed.get_absolute_url()).content.decode()
    assert "kept confidential until" in public and later.strftime("%-d %B %Y") in public
    assert "SECRETREASON" not in public and KEPT not in public
    exported = b"".join(client.get("/decisions.json").streaming_content).decode()
    assert later.isoformat() in exported and "SECRETREASON" not in exported
    pdf = _pdf_text(signed.documents.first().file.read())
    assert "kept confidential until" not in pdf


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"next_review_on": "2001-01-01"}, "Set a next review date after today."),
        ({"next_review_on": "today"}, "Enter a valid date."),
        ({"reason": "   "}, "This field is required."),
    ],
)
def test_it_refuses_a_past_date_or_an_empty_reason_and_changes_nothing(
    client, carol, signed, bad, message
):
    client.force_login(carol)
    if bad.get("next_review_on") == "today":
        bad = {"next_review_on": TODAY().isoformat()}
        message = "Set a next review date after today."
    response = client.post(
        _step(signed, "keep_part"), _keep_form(signed, _parts(signed)["Informant"], **bad)
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not ReleaseReview.objects.exists()


def test_it_refuses_a_past_date_given_to_the_step_directly(carol, signed):
    with pytest.raises(TransitionRefused, match="after today"):
        keep_part(
            signed,
            by=carol,
            part=_parts(signed)["Informant"].pk,
            next_review_on=TODAY(),
            reason="Still sensitive.",
        )
    assert not ReleaseReview.objects.exists()


def test_it_never_changes_or_deletes_a_review(carol, signed):
    from decisions.models.freeze import FrozenRecordError

    review = keep_part(
        signed,
        by=carol,
        part=_parts(signed)["Informant"].pk,
        next_review_on=TODAY() + datetime.timedelta(days=9),
        reason="Still.",
    )
    review.reason = "Rewritten"
    with pytest.raises(FrozenRecordError):
        review.save()
    with pytest.raises(FrozenRecordError):
        review.delete()


# --- Reminders --------------------------------------------------------------------------


def _reminders():
    return [m for m in mail.outbox if m.subject.startswith("Confidential part due for review")]


def test_it_reminds_the_drafter_once_of_each_due_part(alice, signed):
    mail.outbox.clear()
    call_command("remind_reviews", verbosity=0)
    sent = _reminders()
    assert len(sent) == 2 and {tuple(m.to) for m in sent} == {("alice@opcc.example",)}
    assert "Personal data (s.40)" in "".join(m.body for m in sent)
    assert KEPT not in "".join(m.body for m in sent)  # the part's words stay in the office
    call_command("remind_reviews", verbosity=0)
    assert len(_reminders()) == 2
    assert ReviewReminder.objects.count() == 2


def test_it_sends_no_reminder_for_a_part_released_or_moved_since(carol, signed):
    parts = _parts(signed)
    release_part(signed, by=carol, part=parts["Tender prices"].pk)
    later = TODAY() + datetime.timedelta(days=40)
    keep_part(signed, by=carol, part=parts["Informant"].pk, next_review_on=later, reason="Still.")
    mail.outbox.clear()
    from decisions.workflow import reminders

    assert reminders.remind(parts["Tender prices"].pk, TODAY().isoformat()) == "nothing to send"
    assert reminders.remind(parts["Informant"].pk, TODAY().isoformat()) == "nothing to send"
    assert reminders.send_due() == 0 and _reminders() == []


@pytest.mark.django_db(transaction=True)
def test_the_database_queue_sends_the_reminder_on_the_review_day(
    settings, monkeypatch, alice, carol, board
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    day = TODAY() + datetime.timedelta(days=2)
    decision = factories.draft(created_by=alice)
    factories.confidential_part(decision, release_after=day)
    factories.sign_through_workflow(decision, drafter=alice, commissioner=carol, board_=board)
    queued = DBTaskResult.objects.get(task_path="decisions.tasks.remind_review")
    assert timezone.localtime(queued.run_after).date() == day

    def run_worker():
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    run_worker()  # its day has not come: the worker leaves it waiting
    mail.outbox.clear()
    # The day comes: the clock moves on, and the task's time with it.
    monkeypatch.setattr(timezone, "localdate", lambda *args: day)
    DBTaskResult.objects.filter(pk=queued.pk).update(run_after=timezone.now())
    run_worker()
    assert [m.to for m in _reminders()] == [["alice@opcc.example"]]
    call_command("remind_reviews", verbosity=0)  # the sweep finds it sent
    assert len(_reminders()) == 1


def _hidden(page) -> dict:
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))


def test_the_release_page_carries_its_own_digest_and_part_back(client, carol, signed):
    client.force_login(carol)
    parts = _parts(signed)
    page = client.get(f"{_step(signed, 'release_part')}?part={parts['Tender prices'].pk}")
    form = {**_hidden(page.content.decode()), "confirm": "on"}
    assert form["part"] == str(parts["Tender prices"].pk) and form["seen"]

    # The digest binds the part shown: another part with it is refused.
    swapped = client.post(_step(signed, "release_part"), {**form, "part": parts["Informant"].pk})
    assert "changed after you opened this page" in _errors(client, swapped)
    assert signed.versions.count() == 1

    client.post(_step(signed, "release_part"), form)
    assert signed.versions.count() == 2


def test_the_public_notice_says_who_released_what_and_when(client, carol, signed):
    release_part(signed, by=carol, part=_parts(signed)["Tender prices"].pk)
    page = " ".join(client.get(signed.get_absolute_url()).content.decode().split())
    day = timezone.localdate().strftime("%-d %B %Y")
    assert f"Confidential part released</strong>, signed {day} by Sam Taylor" in page
    assert (
        "On review, the Commissioner released a part of this decision withheld as "
        "“Commercially sensitive (FOI Act s.43)”. It was confidential until now and is "
        "published here; the notice as signed is unchanged."
    ) in page.replace("&#x27;", "'").replace("&ldquo;", "“").replace("&rdquo;", "”")


def test_a_review_page_opened_without_a_part_offers_the_first_due(client, carol, signed):
    client.force_login(carol)
    for name in ("release_part", "keep_part"):
        page = client.get(_step(signed, name)).content.decode()
        assert _hidden(page)["part"] == str(_parts(signed)["Tender prices"].pk)
        assert "Tender prices" in page


def test_the_keep_page_names_the_part_and_its_ground(client, carol, signed):
    client.force_login(carol)
    part = _parts(signed)["Informant"]
    page = client.get(f"{_step(signed, 'keep_part')}?part={part.pk}").content.decode()
    assert "Informant" in page and "Personal data (s.40)" in page


def test_a_part_kept_is_reminded_of_again_on_its_new_date(alice, carol, signed):
    from decisions.workflow import reminders

    part = _parts(signed)["Informant"]
    assert reminders.remind(part.pk, TODAY().isoformat()) == "sent"
    later = TODAY() + datetime.timedelta(days=40)
    keep_part(signed, by=carol, part=part.pk, next_review_on=later, reason="Still.")
    mail.outbox.clear()
    with mock.patch("django.utils.timezone.localdate", return_value=later):
        reminders.send_due()
    assert sorted(ReviewReminder.objects.filter(part=part).values_list("review_on", flat=True)) == [
        TODAY(),
        later,
    ]
