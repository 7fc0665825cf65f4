"""A slow render never blocks the register: signing commits at once, the PDF is made by
the background worker, and other signings go on while it renders."""

import threading

import pytest
from django.core.management import call_command

from decisions import pdf, publishing, tasks, workflow
from decisions.models import Decision, DecisionStatus, LogEntry, NoticeDocument
from tests import factories

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _ready(alice, carol, board, title):
    return factories.in_state(
        DecisionStatus.READY, drafter=alice, commissioner=carol, board_=board, title=title
    )


@pytest.mark.django_db(transaction=True)
def test_signing_commits_without_rendering_and_the_worker_publishes(
    settings, client, alice, carol, board
):
    settings.TASKS = DATABASE_QUEUE
    signed = workflow.sign(_ready(alice, carol, board, "Queued"), by=carol, declaration="none")
    assert signed.status == DecisionStatus.SIGNED
    assert not NoticeDocument.objects.exists()  # not rendered in the request
    page = client.get(signed.get_absolute_url()).content.decode()
    assert "Queued" in page and "being prepared" in page
    assert client.get(f"/decisions/{signed.slug}.pdf").status_code == 404

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    document = NoticeDocument.objects.get()
    assert document.version == signed.versions.get()
    assert LogEntry.objects.get().pdf_sha256 == document.sha256
    assert "being prepared" not in client.get(signed.get_absolute_url()).content.decode()


@pytest.mark.django_db(transaction=True)
def test_other_signings_go_on_while_a_long_notice_renders(
    settings, monkeypatch, alice, carol, board
):
    settings.TASKS = DATABASE_QUEUE
    heavy = workflow.sign(_ready(alice, carol, board, "Heavy"), by=carol, declaration="none")
    rendering, release = threading.Event(), threading.Event()
    real_render = pdf.render_notice_pdf

    def slow_render(notice):
        if notice.title == "Heavy":
            rendering.set()
            release.wait(60)
        return real_render(notice)

    monkeypatch.setattr(pdf, "render_notice_pdf", slow_render)
    failures = []

    def worker():
        try:
            tasks.publish_version.call(heavy.versions.get().pk)
        except Exception as error:  # reported by the assertion below
            failures.append(repr(error))
        finally:
            from django.db import connection

            connection.close()

    thread = threading.Thread(target=worker)
    thread.start()
    assert rendering.wait(30), "the worker never began rendering"
    # While the heavy notice is mid-render: the next decision signs, and takes the
    # next number, with nothing waiting.
    light = workflow.sign(_ready(alice, carol, board, "Light"), by=carol, declaration="none")
    assert light.reference_number == heavy.reference_number + 1
    release.set()
    thread.join(60)
    assert failures == []
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert set(NoticeDocument.objects.values_list("decision__title", flat=True)) == {
        "Heavy",
        "Light",
    }
    numbers = sorted(Decision.objects.published().values_list("reference_number", flat=True))
    assert numbers == [1, 2]


@pytest.mark.django_db
def test_a_version_left_unpublished_is_published_by_republish_pdfs(
    settings, alice, carol, board, tmp_path
):
    settings.TASKS = DATABASE_QUEUE
    signed = workflow.sign(_ready(alice, carol, board, "Lost"), by=carol, declaration="none")
    assert list(publishing.unpublished_versions()) == [signed.versions.get()]
    call_command("republish_pdfs", verbosity=0)
    assert not publishing.unpublished_versions().exists()
    # A lost public copy is written again from the stored PDF, byte for byte.
    current = pdf.current_pdf_path(signed.slug)
    current.unlink(missing_ok=True)
    call_command("republish_pdfs", verbosity=0)
    with signed.documents.latest().file.open("rb") as stored:
        assert current.read_bytes() == stored.read()


@pytest.mark.django_db
def test_publishing_twice_stores_one_pdf(alice, carol, board):
    signed = factories.in_state(
        DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board
    )
    version = signed.versions.get()
    assert publishing.publish(version.pk) == publishing.publish(version.pk)
    assert NoticeDocument.objects.count() == 1 and LogEntry.objects.count() == 1
