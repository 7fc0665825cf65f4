"""Work done in the background worker (`python manage.py db_worker`), never in a request."""

from django_tasks import task


@task()
def publish_version(version_id: int) -> str:
    """Render, sign, store and log the PDF of one signed version of a notice."""
    from decisions import publishing

    return publishing.publish(version_id).sha256
