"""An alert that cannot be sent is kept and tried again, by the real database queue and
by `send_alerts`; it is never lost, and never sent twice."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from decisions.alerts import sending
from decisions.models import AlertDelivery, Decision, DecisionStatus, DeliveryStatus, Subscription
from tests import factories
from tests.test_import_register import SAMPLE, office_series  # noqa: F401

READER = "reader@example.org"
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def mail_server_down(monkeypatch):
    """The mail server refuses the next `failures` alerts, then takes them (staff
    emails about the signing go through)."""
    state = {"failures": 1}
    send = EmailBackend.send_messages

    def flaky(self, messages):
        if state["failures"] and any(m.to == [READER] for m in messages):
            state["failures"] -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", flaky)
    return state


def _subscriber():
    return Subscription.objects.create(email=READER, confirmed_at=timezone.now())


def _alerts():
    return [message for message in mail.outbox if message.to == [READER]]


def _run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_the_queue_tries_a_failed_send_again_later(settings, mail_server_down, alice, carol, board):
    settings.TASKS = DATABASE_QUEUE
    _subscriber()
    decision = factories.in_state(
        DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board, title="Retried"
    )
    _run_worker()  # the PDF, the fan-out, and a first try that fails

    delivery = AlertDelivery.objects.get()
    assert (delivery.status, delivery.attempts, _alerts()) == (DeliveryStatus.PENDING, 1, [])
    assert "SMTPServerDisconnected" in delivery.last_error
    retry = DBTaskResult.objects.get(task_path="decisions.tasks.send_alert", status="READY")
    assert retry.run_after == delivery.due_at > timezone.now()
    wait = delivery.due_at - timezone.now()
    assert 50 <= wait.total_seconds() <= 60  # the first gap is a minute

    _run_worker()  # not due yet: nothing happens
    assert _alerts() == []

    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    _run_worker()
    [message] = _alerts()
    assert decision.reference in message.subject
    assert AlertDelivery.objects.get().status == DeliveryStatus.SENT


@pytest.mark.django_db
def test_send_alerts_sends_what_a_failed_try_left_pending(mail_server_down, alice, carol, board):
    _subscriber()
    factories.in_state(DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board)
    assert AlertDelivery.objects.get().attempts == 1 and mail.outbox == []

    call_command("send_alerts", verbosity=0)  # not due yet
    assert mail.outbox == []
    AlertDelivery.objects.update(due_at=timezone.now())
    call_command("send_alerts", verbosity=0)
    assert len(mail.outbox) == 1
    call_command("send_alerts", verbosity=0)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_after_the_last_try_it_is_kept_and_marked_not_dropped(
    mail_server_down, alice, carol, board
):
    mail_server_down["failures"] = len(sending.RETRY_AFTER) + 1
    _subscriber()
    factories.in_state(DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board)
    for _ in sending.RETRY_AFTER:
        AlertDelivery.objects.update(due_at=timezone.now())
        call_command("send_alerts", verbosity=0)
    delivery = AlertDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.GAVE_UP, 6)
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_second_fan_out_of_the_same_version_sends_nothing_more(alice, carol, board):
    _subscriber()
    decision = factories.in_state(
        DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board
    )
    assert len(mail.outbox) == 1
    assert sending.fan_out(decision.versions.get().pk) == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
@pytest.mark.usefixtures("office_series")
def test_decisions_brought_in_from_the_earlier_register_are_not_news():
    _subscriber()
    call_command(
        "import_register", str(SAMPLE / "register.csv"), "--files", str(SAMPLE / "pdfs"),
        verbosity=0,
    )  # fmt: skip
    assert Decision.objects.filter(from_earlier_register=True).count() >= 10
    assert mail.outbox == [] and not AlertDelivery.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_queue_sends_one_digest_at_the_digest_hour(settings, alice, carol, board):
    settings.TASKS = DATABASE_QUEUE
    Subscription.objects.create(email=READER, frequency="daily", confirmed_at=timezone.now())
    first, second = (
        factories.in_state(DecisionStatus.SIGNED, drafter=alice, commissioner=carol,
                           board_=board, title=title)
        for title in ("Morning decision", "Afternoon decision")
    )  # fmt: skip
    _run_worker()
    [digest] = DBTaskResult.objects.filter(task_path="decisions.tasks.send_digest")
    local = timezone.localtime(digest.run_after)
    assert (local.hour, local.minute) == (settings.ALERT_DIGEST_HOUR, 0)
    assert digest.run_after > timezone.now() and _alerts() == []

    DBTaskResult.objects.filter(pk=digest.pk).update(run_after=timezone.now())
    AlertDelivery.objects.update(due_at=timezone.now())
    _run_worker()
    [message] = _alerts()
    assert first.reference in message.body and second.reference in message.body


@pytest.mark.django_db(transaction=True)
def test_each_daily_reader_gets_a_digest_and_a_failed_one_is_tried_again(
    settings, mail_server_down, alice, carol, board
):
    settings.TASKS = DATABASE_QUEUE
    for email in (READER, "neighbour@example.org"):
        Subscription.objects.create(email=email, frequency="daily", confirmed_at=timezone.now())
    factories.in_state(DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board)
    _run_worker()
    digests = DBTaskResult.objects.filter(task_path="decisions.tasks.send_digest")
    assert sorted(d.args_kwargs["args"][0] for d in digests) == sorted(
        Subscription.objects.values_list("pk", flat=True)
    )

    digests.update(run_after=timezone.now())
    AlertDelivery.objects.update(due_at=timezone.now())
    _run_worker()  # the reader's digest fails; the neighbour's goes
    assert [m.to for m in mail.outbox if "Decisions published" in m.subject] == [
        ["neighbour@example.org"]
    ]
    reader = Subscription.objects.get(email=READER)
    retry = DBTaskResult.objects.get(task_path="decisions.tasks.send_digest", status="READY")
    assert retry.args_kwargs["args"] == [reader.pk]
    assert retry.run_after == AlertDelivery.objects.get(subscription=reader).due_at

    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    AlertDelivery.objects.filter(subscription=reader).update(due_at=timezone.now())
    _run_worker()
    assert [m.to for m in _alerts()] == [[READER]]
