"""Who hears of a newly signed version, and the emails that tell them.

Signing queues `fan_out` in its own transaction (decisions.publishing). `fan_out`
writes one pending delivery per subscriber (the outbox) and queues its send; a send
that fails is tried again later, with growing gaps, and a delivery stays pending until
its email has gone, so nothing is lost: `python manage.py send_alerts` sends whatever
is due, for a queue that lost a task or a backend that cannot wait.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from decisions.models import (
    AgendaItem,
    AlertDelivery,
    AlertFrequency,
    AlertScope,
    Decision,
    DeliveryStatus,
    NoticeVersion,
    Subscription,
    VersionEvent,
)
from decisions.notices import Notice
from decisions.public import finding

log = logging.getLogger("decisions.alerts")

# After the first failure, wait this long before each further try; then give up (the
# delivery is kept, marked, and logged as an error for someone to look at).
RETRY_AFTER = (
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=10),
    datetime.timedelta(hours=1),
    datetime.timedelta(hours=6),
    datetime.timedelta(days=1),
)
HEADLINES = {
    VersionEvent.SIGNED: "New decision",
    VersionEvent.AMENDED: "Decision amended",
    VersionEvent.WITHDRAWN: "Decision withdrawn",
    VersionEvent.RELEASED: "Confidential part released",
}


def subscribers_for(version) -> list[Subscription]:
    """Confirmed subscriptions that asked for news of this decision."""
    decision = version.decision
    boards = AgendaItem.objects.filter(decision=decision).values("meeting__board")
    wanted = list(
        Subscription.objects.confirmed().filter(
            Q(scope=AlertScope.ALL) | Q(scope=AlertScope.BOARD, board__in=boards)
        )
    )
    published = Decision.objects.published().filter(pk=decision.pk)
    for subscription in Subscription.objects.confirmed().filter(scope=AlertScope.SEARCH):
        # The register's own search, over what the public may read: a confidential
        # part's words never match.
        if finding.search(published, finding.clean_query(subscription.query)).exists():
            wanted.append(subscription)
    return wanted


def next_digest(moment: datetime.datetime) -> datetime.datetime:
    """The next daily digest after `moment`, at ALERT_DIGEST_HOUR, local time."""
    local = timezone.localtime(moment)
    digest = local.replace(hour=settings.ALERT_DIGEST_HOUR, minute=0, second=0, microsecond=0)
    if digest <= local:
        digest += datetime.timedelta(days=1)
    return digest


def fan_out(version_id: int) -> int:
    """One delivery per subscriber, each queued to go at once or with the next digest.
    Idempotent: a second run for the same version adds nothing."""
    from decisions import tasks

    version = NoticeVersion.objects.select_related("decision").get(pk=version_id)
    now = timezone.now()
    created = 0
    with transaction.atomic():
        for subscription in subscribers_for(version):
            daily = subscription.frequency == AlertFrequency.DAILY
            due = next_digest(now) if daily else now
            delivery, new = AlertDelivery.objects.get_or_create(
                subscription=subscription, version=version, defaults={"due_at": due}
            )
            if not new:
                continue
            created += 1
            if not daily:
                tasks.send_alert.enqueue(delivery.pk)
            elif not _digest_already_queued(delivery):
                tasks.enqueue_at(tasks.send_digest, due, subscription.pk)
    return created


def _digest_already_queued(delivery) -> bool:
    return (
        AlertDelivery.objects.filter(
            subscription=delivery.subscription_id,
            status=DeliveryStatus.PENDING,
            due_at=delivery.due_at,
        )
        .exclude(pk=delivery.pk)
        .exists()
    )


def send_alert(delivery_id: int) -> str:
    delivery = (
        AlertDelivery.objects.select_related("subscription", "version__decision")
        .filter(pk=delivery_id, status=DeliveryStatus.PENDING)
        .first()
    )
    if delivery is None:  # sent already, or its reader has unsubscribed
        return "nothing to send"
    subscription = delivery.subscription
    item = _item(delivery.version)
    subject = f"{item['headline']}: {item['reference']} {item['title']}"
    _send(subscription, subject, "alerts/alert_email.txt", {"item": item}, [delivery])
    return "sent"


def send_digest(subscription_id: int) -> str:
    deliveries = list(
        AlertDelivery.objects.select_related("subscription", "version__decision")
        .filter(
            subscription=subscription_id,
            status=DeliveryStatus.PENDING,
            due_at__lte=timezone.now(),
        )
        .order_by("version__at", "pk")
    )
    if not deliveries:
        return "nothing to send"
    items = [_item(delivery.version) for delivery in deliveries]
    subject = f"Decisions published: {len(items)} new or changed"
    if len(items) == 1:
        subject = f"Decisions published: {items[0]['reference']} {items[0]['title']}"
    subscription = deliveries[0].subscription
    _send(subscription, subject, "alerts/digest_email.txt", {"items": items}, deliveries)
    return "sent"


def _item(version) -> dict:
    notice = Notice.from_json(version.content)
    return {
        "headline": HEADLINES[version.event],
        "reference": notice.reference,
        "title": notice.title,
        "summary": notice.executive_summary,
        "on": timezone.localtime(version.at).date(),
        "link": settings.SITE_URL + version.decision.get_absolute_url(),
    }


def _words() -> dict:
    return {"office_name": settings.OFFICE_NAME}


def unsubscribe_link(subscription) -> str:
    return settings.SITE_URL + reverse("alerts:unsubscribe", args=[subscription.token])


def _send(subscription, subject, template, context, deliveries) -> None:
    link = unsubscribe_link(subscription)
    body = render_to_string(
        template,
        {**context, "subscription": subscription, "unsubscribe": link, **_words()},
    )
    message = EmailMessage(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [subscription.email],
        headers={
            # RFC 2369 and RFC 8058: mail programs offer one-click unsubscribe, a POST
            # to this address that needs nothing else.
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    try:
        message.send()
    except Exception as error:
        _failed(deliveries, error)
        raise
    AlertDelivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), last_error=""
    )


def _failed(deliveries, error) -> None:
    """Keep each delivery, and try it again later, or give up after the last gap."""
    from decisions import tasks

    now = timezone.now()
    for delivery in deliveries:
        delivery.attempts += 1
        delivery.last_error = f"{type(error).__name__}: {error}"[:1000]
        if delivery.attempts > len(RETRY_AFTER):
            delivery.status = DeliveryStatus.GAVE_UP
            log.error("Gave up on alert delivery %s: %s", delivery.pk, delivery.last_error)
        else:
            delivery.due_at = now + RETRY_AFTER[delivery.attempts - 1]
            log.warning("Alert delivery %s failed, retrying at %s", delivery.pk, delivery.due_at)
        delivery.save(update_fields=["attempts", "last_error", "status", "due_at"])
    retry = [d for d in deliveries if d.status == DeliveryStatus.PENDING]
    if not retry:
        return
    daily = retry[0].subscription.frequency == AlertFrequency.DAILY
    if daily:
        tasks.enqueue_at(tasks.send_digest, retry[0].due_at, retry[0].subscription_id)
    else:
        for delivery in retry:
            tasks.enqueue_at(tasks.send_alert, delivery.due_at, delivery.pk)


def send_due() -> int:
    """Send every pending delivery that is due: the sweep behind `send_alerts`."""
    due = AlertDelivery.objects.filter(status=DeliveryStatus.PENDING, due_at__lte=timezone.now())
    sent = 0
    for subscription in Subscription.objects.filter(deliveries__in=due).distinct():
        daily = subscription.frequency == AlertFrequency.DAILY
        pending = due.filter(subscription=subscription)
        try:
            if daily:
                send_digest(subscription.pk)
            else:
                for delivery in pending:
                    send_alert(delivery.pk)
        except Exception:  # kept and rescheduled by _failed; go on with the others
            log.exception("Alerts to subscription %s not sent", subscription.pk)
        else:
            sent += 1
    return sent


def send_confirmation(subscription_id: int) -> str:
    """The one email an address gets before its owner says yes."""
    subscription = Subscription.objects.select_related("board").filter(pk=subscription_id).first()
    if subscription is None:
        return "nothing to send"
    body = render_to_string(
        "alerts/confirm_email.txt",
        {
            "subscription": subscription,
            "confirm": settings.SITE_URL + reverse("alerts:confirm", args=[subscription.token]),
            "days": settings.ALERT_CONFIRM_DAYS,
            "unsubscribe": unsubscribe_link(subscription),
            **_words(),
        },
    )
    subject = "Confirm your email alerts from the decision register"
    if subscription.confirmed_at:
        subject = "Your email alerts from the decision register"
    EmailMessage(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [subscription.email],
        headers={"Auto-Submitted": "auto-generated"},
    ).send()
    return "sent"
