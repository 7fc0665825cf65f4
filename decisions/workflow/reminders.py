"""The drafter's reminder, on a confidential part's review date, that it is due.

Signing queues one for each part with a date, and keeping a part queues one for its
new date, to run that morning (the database queue can wait; the tests' immediate one
cannot, and leaves it to the sweep). A reminder checks again when it runs, so one for
a part since released, or whose date has since moved, sends nothing; a ReviewReminder
row records each one sent, so none is sent twice. `python manage.py remind_reviews`
sends every reminder due and not yet sent: for cron, and for a queue that lost a task.
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from decisions import notifications
from decisions.models import ConfidentialPart, ReviewReminder

log = logging.getLogger("decisions.reminders")

# The hour, local time, a reminder goes on its day: in office hours.
REMIND_AT_HOUR = 8


def remind_at(day: datetime.date) -> datetime.datetime:
    moment = datetime.datetime.combine(day, datetime.time(REMIND_AT_HOUR))
    return max(timezone.make_aware(moment), timezone.now())


def schedule(part, review_on) -> None:
    """Queue the reminder of `part`'s review on `review_on`, once this commits."""
    from decisions import tasks

    if review_on is None:
        return
    when = remind_at(review_on)
    transaction.on_commit(
        lambda: tasks.enqueue_at(tasks.remind_review, when, part.pk, review_on.isoformat())
    )


def schedule_for_decision(decision) -> None:
    """At signing: a reminder for each of the decision's parts with a review date."""
    for part in ConfidentialPart.objects.filter(decision=decision, release_after__isnull=False):
        schedule(part, part.release_after)


def remind(part_id: int, review_on: str) -> str:
    """Email the drafter that the part is due for review, if it still is, on this date,
    and no one has been told of it yet."""
    day = datetime.date.fromisoformat(review_on)
    today = timezone.localdate()
    with transaction.atomic():
        part = (
            ConfidentialPart.objects.due_for_review(today).filter(pk=part_id, review_on=day).first()
        )
        if part is None:  # released, its date moved, its decision withdrawn, or not yet
            return "nothing to send"
        reminder, new = ReviewReminder.objects.get_or_create(part=part, review_on=day)
        if not new:
            return "already sent"
        # Sent inside the transaction: a send that fails leaves no record, so the next
        # sweep tries again.
        notifications.review_due(part, day)
    log.info("reminded of the review of part %s on %s", part_id, day)
    return "sent"


def send_due() -> int:
    """Send every reminder due and not yet sent; the number sent."""
    sent = 0
    for part in ConfidentialPart.objects.due_for_review(timezone.localdate()):
        if ReviewReminder.objects.filter(part=part, review_on=part.review_on).exists():
            continue
        try:
            sent += remind(part.pk, part.review_on.isoformat()) == "sent"
        except Exception:  # go on with the others; the next sweep tries this one again
            log.exception("Reminder of part %s's review not sent", part.pk)
    return sent
