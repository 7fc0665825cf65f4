"""Work done in the background worker (`python manage.py db_worker`), never in a request."""

from django_tasks import task


@task()
def publish_version(version_id: int) -> str:
    """Render, sign, store and log the PDF of one signed version of a notice."""
    from decisions import publishing

    return publishing.publish(version_id).sha256


@task()
def prepare_panel_report(report_id: int) -> str:
    """Make the report to the Police and Crime Panel that a member of staff asked for.

    Here, not in the request: a report of a year or more is a PDF of hundreds of
    rows, which takes WeasyPrint seconds to minutes; the request only records what
    was asked for, and the admin lists the report as being prepared until it is made."""
    from decisions import panel_report

    return panel_report.make(report_id).pdf_sha256
