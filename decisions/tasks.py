"""Work done in the background worker (`python manage.py db_worker`), never in a request."""

from django_tasks import task


def enqueue_at(task_, when, *args) -> None:
    """Queue `task_` to run at `when`, where the queue can wait (the database queue can;
    the immediate one of the tests cannot, and leaves it to the cron sweeps,
    `send_alerts` and `remind_reviews`)."""
    if task_.get_backend().supports_defer:
        task_.using(run_after=when).enqueue(*args)


@task()
def publish_version(version_id: int) -> str:
    """Render, sign, store and log the PDF of one signed version of a notice."""
    from decisions import publishing

    return publishing.publish(version_id).sha256


@task()
def fan_out_alerts(version_id: int) -> int:
    """Queue the email alerts of the public who asked to hear of this version."""
    from decisions.alerts import sending

    return sending.fan_out(version_id)


@task()
def send_alert(delivery_id: int) -> str:
    from decisions.alerts import sending

    return sending.send_alert(delivery_id)


@task()
def send_digest(subscription_id: int) -> str:
    from decisions.alerts import sending

    return sending.send_digest(subscription_id)


@task()
def send_confirmation(subscription_id: int) -> str:
    from decisions.alerts import sending

    return sending.send_confirmation(subscription_id)


@task()
def remind_review(part_id: int, review_on: str) -> str:
    """Email the drafter, on its review date, that a confidential part is due for review."""
    from decisions.workflow import reminders

    return reminders.remind(part_id, review_on)


@task()
def make_page(slug: str) -> bool:
    """Make a notice's page again after something it shows changed without a new
    version (a confidential part kept at review)."""
    from decisions import made_pages

    return made_pages.make(slug)


@task()
def prepare_panel_report(report_id: int) -> str:
    """Make the report to the Police and Crime Panel that a member of staff asked for.

    Here, not in the request: a report of a year or more is a PDF of hundreds of
    rows, which takes WeasyPrint seconds to minutes; the request only records what
    was asked for, and the admin lists the report as being prepared until it is made."""
    from decisions import panel_report

    return panel_report.make(report_id).pdf_sha256
