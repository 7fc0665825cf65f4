"""Sign-ins, failures and every workflow step are logged with user, time and IP;
history and the audit log cannot be rewritten, not even with raw SQL."""

import pytest
from django.db import IntegrityError, connection, transaction

from decisions import audit, workflow
from decisions.models import AuditAction, AuditEvent, Decision
from decisions.models.freeze import FrozenRecordError
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.pdfs_unmade]


def test_sign_ins_and_failures_are_logged_with_the_ip(client, alice):
    client.post(
        "/admin/login/", {"username": "alice", "password": "wrong"}, REMOTE_ADDR="203.0.113.9"
    )
    client.post(
        "/admin/login/",
        {"username": "alice", "password": factories.PASSWORD,
         **factories.one_time_code(alice)},
        REMOTE_ADDR="203.0.113.9",
    )  # fmt: skip
    failed = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert (failed.username, failed.ip_address) == ("alice", "203.0.113.9")
    assert "wrong" not in failed.detail
    signed_in = AuditEvent.objects.get(action=AuditAction.LOGIN)
    assert signed_in.user == alice


def test_steps_taken_and_refused_are_logged(client, alice, bob, carol, board):
    decision = factories.draft(created_by=alice)
    client.force_login(alice)
    meeting = factories.meeting(board)
    data = {"version": workflow.version_of(decision), "meeting": str(meeting.pk)}
    client.post(f"/admin/decisions/decision/{decision.pk}/step/put_to_board/", data)
    client.force_login(bob)
    client.post(
        f"/admin/decisions/decision/{decision.pk}/step/sign/", {}, REMOTE_ADDR="198.51.100.7"
    )
    taken = AuditEvent.objects.get(action=AuditAction.TRANSITION, decision=decision)
    assert taken.user == alice and "With the board" in taken.detail
    refused = AuditEvent.objects.get(action=AuditAction.REFUSED)
    assert (refused.user, refused.ip_address, refused.decision) == (bob, "198.51.100.7", decision)
    assert "Only the Commissioner can sign" in refused.detail


def test_the_audit_log_is_readable_in_the_admin_and_read_only(client, admin_user, alice):
    decision = factories.draft(created_by=alice)
    audit.record(
        AuditAction.REFUSED, user=alice, decision=decision, detail="Only the board can comment"
    )
    client.force_login(admin_user)
    page = client.get("/admin/decisions/auditevent/").content.decode()
    assert "Workflow step refused" in page and "Only the board can comment" in page
    event = AuditEvent.objects.first()
    response = client.post(f"/admin/decisions/auditevent/{event.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403


@pytest.mark.postgresql
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE decisions_historicaldecision SET title = 'rewritten'",
        "DELETE FROM decisions_historicaldecision",
        "UPDATE decisions_historicalsection SET body = 'rewritten'",
        "UPDATE decisions_auditevent SET username = 'someone else'",
        "DELETE FROM decisions_auditevent",
    ],
)
def test_history_and_audit_rows_cannot_be_rewritten_by_raw_sql(alice, sql):
    decision = factories.draft(created_by=alice)
    AuditEvent.objects.create(action=AuditAction.LOGIN, username="alice")
    assert Decision.history.filter(id=decision.pk).exists()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert Decision.history.filter(id=decision.pk, title=decision.title).exists()


def test_the_app_refuses_to_edit_an_audit_event():
    event = AuditEvent.objects.create(action=AuditAction.LOGIN, username="alice")
    event.detail = "changed"
    with pytest.raises(FrozenRecordError, match="never changed"):
        event.save()
    with pytest.raises(FrozenRecordError, match="never"):
        event.delete()
    with pytest.raises(FrozenRecordError):
        AuditEvent.objects.filter(pk=event.pk).update(detail="changed")
    assert AuditEvent.objects.get(pk=event.pk).detail == ""
