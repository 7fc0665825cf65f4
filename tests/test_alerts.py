"""Public email alerts: a resident subscribes (every decision, a board's, or a saved
search), confirms by email, hears of each signing, amendment and withdrawal at once or
in a daily digest, and leaves with one click (RFC 8058). Addresses are never shown and
go when the reader leaves; signing up cannot be used to mail strangers."""

import io
import re

import pytest
from django.core import mail

from decisions import workflow
from decisions.models import (
    AlertDelivery,
    AlertFrequency,
    AlertScope,
    ConfidentialPart,
    DecisionStatus,
    DeliveryStatus,
    Subscription,
)
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.pdfs_unmade]
LINK = re.compile(r"http://testserver(/alerts/\S+/)")


@pytest.fixture(autouse=True)
def _links_on_this_server(settings):
    settings.SITE_URL = "http://testserver"


def _subscribe(client, email="reader@example.org", **fields):
    data = {"email": email, "scope": "all", "frequency": "immediate", **fields}
    return client.post("/alerts/", data)


def _confirmed(client, email="reader@example.org", **fields):
    _subscribe(client, email, **fields)
    link = LINK.search(mail.outbox[-1].body).group(1)
    client.post(link)
    mail.outbox.clear()
    return Subscription.objects.get(email=email)


def _sign(alice, carol, board, **fields):
    return factories.in_state(
        DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board, **fields
    )


def test_it_sends_nothing_but_a_confirmation_until_the_reader_confirms(client, alice, carol, board):
    response = _subscribe(client)
    assert "Check your email" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["reader@example.org"]]
    assert "Confirm" in mail.outbox[0].body
    mail.outbox.clear()

    _sign(alice, carol, board, title="Before confirming")
    assert mail.outbox == []


def test_opening_the_link_changes_nothing_and_the_button_confirms(client):
    _subscribe(client)
    link = LINK.search(mail.outbox[0].body).group(1)
    page = client.get(link).content.decode()  # as a mail scanner would
    assert '<button type="submit"' in page and "Confirm" in page
    assert Subscription.objects.get().confirmed_at is None
    assert "You are subscribed" in client.post(link).content.decode()
    assert Subscription.objects.get().confirmed_at is not None


def test_a_confirmed_reader_gets_one_email_per_decision_signed(client, alice, carol, board):
    _confirmed(client)
    decision = _sign(alice, carol, board, title="Rural crime partnership",
                     executive_summary="Funding for farm watch.")  # fmt: skip
    [message] = mail.outbox
    assert message.to == ["reader@example.org"]
    assert message.subject == f"New decision: {decision.reference} Rural crime partnership"
    assert "Funding for farm watch." in message.body
    assert f"http://testserver/decisions/{decision.slug}/" in message.body
    assert AlertDelivery.objects.get().status == DeliveryStatus.SENT


def test_amendments_and_withdrawals_are_news_too(client, alice, carol, board):
    decision = _sign(alice, carol, board, title="Victim care")
    _confirmed(client)
    workflow.propose_amendment(decision, by=alice, change_note="The sum is corrected.")
    workflow.sign_amendment(decision, by=carol)
    workflow.propose_withdrawal(decision, by=alice, reason="Superseded.")
    workflow.sign_amendment(decision, by=carol)
    assert [m.subject.split(":")[0] for m in mail.outbox] == [
        "Decision amended",
        "Decision withdrawn",
    ]


def test_the_email_carries_a_one_click_unsubscribe_that_works_over_http(
    client, alice, carol, board
):
    _confirmed(client)
    _sign(alice, carol, board)
    [message] = mail.outbox
    header = message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = re.fullmatch(r"<http://testserver(/alerts/unsubscribe/\S+/)>", header).group(1)
    assert url in message.body

    # RFC 8058: the mail program POSTs this body, with no cookie and no CSRF token.
    from django.test import Client

    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not Subscription.objects.exists()  # the address is deleted
    assert not AlertDelivery.objects.exists()  # and what was sent to it
    mail.outbox.clear()
    _sign(alice, carol, board)
    assert mail.outbox == []


def test_opening_the_unsubscribe_link_asks_first(client):
    subscription = _confirmed(client)
    page = client.get(f"/alerts/unsubscribe/{subscription.token}/").content.decode()
    assert "Unsubscribe" in page and "reader@example.org" not in page
    assert Subscription.objects.exists()


def test_a_board_alert_hears_only_of_that_boards_decisions(client, alice, carol, board):
    other_board = factories.board(name="Joint Audit Committee")
    _confirmed(client, scope="board", board=other_board.pk)
    _sign(alice, carol, board, title="Went to the strategic board")
    assert mail.outbox == []
    _sign(alice, carol, other_board, title="Went to audit")
    assert [m.subject.endswith("Went to audit") for m in mail.outbox] == [True]


def test_a_search_alert_matches_public_words_only(client, alice, carol, board):
    _confirmed(client, scope="search", query="drones")
    secret = factories.draft(created_by=alice, title="Air support")
    ConfidentialPart.objects.create(
        decision=secret, order=1, heading="Prices", body="drones from X", exemption="Commercial"
    )
    factories.sign_through_workflow(secret, drafter=alice, commissioner=carol, board_=board)
    assert mail.outbox == []  # the word is only in the confidential part
    _sign(alice, carol, board, title="Police drones for missing people")
    [message] = mail.outbox
    assert "Police drones for missing people" in message.subject
    assert "matching “drones”" in message.body


def test_a_daily_reader_gets_one_digest_of_the_days_decisions(
    client, alice, carol, board, settings
):
    from django.core.management import call_command

    _confirmed(client, frequency="daily")
    first = _sign(alice, carol, board, title="First of the day")
    second = _sign(alice, carol, board, title="Second of the day")
    assert mail.outbox == []  # nothing until the digest is due
    AlertDelivery.objects.update(due_at=first.signed_at)  # the digest's hour has come
    call_command("send_alerts", verbosity=0)
    [digest] = mail.outbox
    assert first.reference in digest.body and second.reference in digest.body
    assert "List-Unsubscribe" in digest.extra_headers
    call_command("send_alerts", verbosity=0)
    assert len(mail.outbox) == 1  # sent once


def test_addresses_are_never_shown_to_staff(client, admin_user):
    _confirmed(client)
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200
    assert "reader@example.org" not in client.get("/admin/").content.decode()
    assert client.get("/admin/decisions/subscription/").status_code == 404


def test_signing_up_is_limited_so_it_cannot_flood_an_inbox(client):
    for _ in range(3):
        assert _subscribe(client, "victim@example.org").status_code == 200
    response = _subscribe(client, "victim@example.org")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many requests" in page
    assert 'value="victim@example.org"' in page  # what was typed is kept
    assert len(mail.outbox) == 3


def test_signing_up_from_one_address_is_limited_across_emails(client):
    for n in range(10):
        _subscribe(client, f"person{n}@example.org")
    assert _subscribe(client, "one-more@example.org").status_code == 429
    assert len(mail.outbox) == 10


def test_asking_twice_keeps_one_subscription_and_says_the_same(client):
    first = _subscribe(client).content.decode()
    second = _subscribe(client).content.decode()
    assert first == second
    assert Subscription.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": ""}, "Enter your email address"),
        ({"email": "not-an-address"}, "Enter an email address in the right form"),
        ({"scope": "board"}, "Choose the board whose decisions you want to hear about"),
        ({"scope": "board", "board": "999999"}, "Choose a board from the list"),
        ({"scope": "search", "query": "   "}, "Enter the words to search for"),
        ({"scope": "search", "query": "x" * 101}, "100 characters or fewer"),
        ({"scope": "everything"}, "Choose what you want to hear about"),
        ({"frequency": "hourly"}, "Choose how often you want an email"),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(client, fields, message):
    response = _subscribe(client, **{"email": "kept@example.org", **fields})
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert page.count(message) == 2  # in the summary and by its field
    assert not Subscription.objects.exists() and mail.outbox == []


def test_an_unknown_link_says_so_without_an_error(client):
    assert client.get("/alerts/confirm/nonsense/").status_code == 404
    assert client.get("/alerts/unsubscribe/nonsense/").status_code == 404
    assert "This link no longer works" in client.get("/alerts/confirm/nonsense/").content.decode()
    assert client.post("/alerts/unsubscribe/nonsense/").status_code == 200
    # Bytes no token holds (PostgreSQL refuses a NUL in a query) are no token either.
    for token in ("%00", "a%00b", "x" * 41, "%F0%9F%94%91"):
        assert client.get(f"/alerts/confirm/{token}/").status_code == 404
        assert client.post(f"/alerts/unsubscribe/{token}/").status_code == 200


def test_an_address_never_confirmed_is_deleted_after_the_days_allowed(client, settings):
    from django.utils import timezone

    _subscribe(client, "forgot@example.org")
    Subscription.objects.update(created_at=timezone.now() - timezone.timedelta(days=8))
    _subscribe(client, "someone-else@example.org")
    assert list(Subscription.objects.values_list("email", flat=True)) == [
        "someone-else@example.org"
    ]


def test_the_register_search_offers_an_alert_for_it(client, alice, carol, board):
    _sign(alice, carol, board, title="Drones")
    page = client.get("/decisions/", {"q": "drones"}).content.decode()
    assert 'href="/alerts/?q=drones"' in page
    form = client.get("/alerts/", {"q": "drones"}).content.decode()
    assert "{#" not in form and "{%" not in form  # no template source shows
    assert 'value="drones"' in form
    assert re.search(r'value="search" checked', form)


def test_subscription_scopes_and_frequencies_are_what_the_form_offers():
    assert {c for c, _ in AlertScope.choices} == {"all", "board", "search"}
    assert {c for c, _ in AlertFrequency.choices} == {"immediate", "daily"}


def test_an_alert_carries_only_what_the_public_notice_says(client, alice, carol, board):
    _confirmed(client)
    decision = factories.draft(created_by=alice, title="Custody contract")
    ConfidentialPart.objects.create(
        decision=decision, order=1, heading="SECRETHEADING", body="SECRETPRICE 4.2m",
        exemption="Commercial",
    )  # fmt: skip
    factories.sign_through_workflow(decision, drafter=alice, commissioner=carol, board_=board)
    [message] = mail.outbox
    assert "Custody contract" in message.subject
    assert "SECRET" not in message.subject + message.body


def test_the_confirmation_email_says_what_was_asked_for_and_for_how_long(client, settings):
    settings.DEFAULT_FROM_EMAIL = "decisions@opcc.example"
    _subscribe(client, scope="search", query="drones")
    [message] = mail.outbox
    assert message.subject == "Confirm your email alerts from the decision register"
    assert message.from_email == "decisions@opcc.example"
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert "about decisions matching “drones”" in message.body
    assert "deleted in 7 days" in message.body
    page = _subscribe(client, "other@example.org").content.decode()
    assert "The link works for 7 days." in page


def test_asking_again_when_subscribed_says_so_with_the_way_out(client):
    subscription = _confirmed(client)
    _subscribe(client)
    [message] = mail.outbox
    assert message.subject == "Your email alerts from the decision register"
    assert "already subscribed" in message.body
    assert f"/alerts/unsubscribe/{subscription.token}/" in message.body


def test_a_choice_keeps_only_what_it_needs(client, board):
    _subscribe(client, scope="all", board=board.pk, query="drones")
    subscription = Subscription.objects.get()
    assert (subscription.scope, subscription.board, subscription.query) == ("all", None, "")


def test_a_boards_alert_link_chooses_that_board(client, board):
    form = client.get("/alerts/", {"board": board.pk}).content.decode()
    assert re.search(r'value="board" checked', form)
    assert re.search(rf'<option value="{board.pk}" selected>', form)


def test_only_addresses_older_than_the_days_allowed_are_deleted(client):
    from django.utils import timezone

    _subscribe(client, "old@example.org")
    _subscribe(client, "recent@example.org")
    Subscription.objects.filter(email="old@example.org").update(
        created_at=timezone.now() - timezone.timedelta(days=8)
    )
    _subscribe(client, "new@example.org")
    assert sorted(Subscription.objects.values_list("email", flat=True)) == [
        "new@example.org",
        "recent@example.org",
    ]


def test_a_sent_alert_is_marked_sent_with_its_time(client, alice, carol, board):
    from django.utils import timezone

    _confirmed(client)
    _sign(alice, carol, board)
    delivery = AlertDelivery.objects.get()
    assert delivery.sent_at is not None and delivery.sent_at <= timezone.now()
    assert mail.outbox[0].extra_headers["Auto-Submitted"] == "auto-generated"


def test_each_delivery_goes_to_its_own_subscriber(alice, carol, board):
    from decisions.alerts import sending

    decision = _sign(alice, carol, board)
    version = decision.versions.get()
    first, second = (
        Subscription.objects.create(email=email, confirmed_at=decision.signed_at)
        for email in ("first@example.org", "second@example.org")
    )
    AlertDelivery.objects.create(subscription=first, version=version)
    later = AlertDelivery.objects.create(subscription=second, version=version)
    sending.send_alert(later.pk)
    assert [m.to for m in mail.outbox] == [["second@example.org"]]


def test_the_digest_is_due_at_the_digest_hour_next_after_the_moment(settings):
    import datetime
    from zoneinfo import ZoneInfo

    from decisions.alerts.sending import next_digest

    settings.ALERT_DIGEST_HOUR = 7
    london = ZoneInfo("Europe/London")
    before = datetime.datetime(2026, 11, 24, 6, 59, 30, tzinfo=london)
    after = datetime.datetime(2026, 11, 24, 7, 0, 0, tzinfo=london)
    assert next_digest(before) == datetime.datetime(2026, 11, 24, 7, 0, tzinfo=london)
    assert next_digest(after) == datetime.datetime(2026, 11, 25, 7, 0, tzinfo=london)


def test_a_digest_is_titled_by_what_it_holds(client, alice, carol, board):
    from django.core.management import call_command

    _confirmed(client, frequency="daily")
    only = _sign(alice, carol, board, title="Only one")
    AlertDelivery.objects.update(due_at=only.signed_at)
    call_command("send_alerts", verbosity=0)
    assert mail.outbox[-1].subject == f"Decisions published: {only.reference} Only one"
    for title in ("First", "Second"):
        _sign(alice, carol, board, title=title)
    AlertDelivery.objects.update(due_at=only.signed_at)
    out = io.StringIO()
    call_command("send_alerts", stdout=out)
    assert mail.outbox[-1].subject == "Decisions published: 2 new or changed"
    assert "Alerts sent to 1 subscriber(s)." in out.getvalue()


def test_an_alert_names_the_office_and_the_day(client, alice, carol, board, settings):
    from django.utils import timezone

    _confirmed(client)
    decision = _sign(alice, carol, board)
    day = timezone.localtime(decision.signed_at).date()
    assert f"New decision by the {settings.OFFICE_NAME}, {day:%-d %B %Y}:" in mail.outbox[0].body


def test_an_alert_sent_is_not_sent_again_by_a_second_try(client, alice, carol, board):
    from decisions.alerts import sending

    _confirmed(client)
    _sign(alice, carol, board)
    assert sending.send_alert(AlertDelivery.objects.get().pk) == "nothing to send"
    assert len(mail.outbox) == 1
