"""Under the ORM: PostgreSQL itself refuses every SQL route around the workflow.

Each attack is the statement someone with the app's database access would run. The
app's own Python guard (tested in test_frozen.py) is not in the way here: these go
straight to the database. SQLite keeps no triggers, so these run on PostgreSQL.
"""

import pytest
from django.db import IntegrityError, connection, transaction

from decisions import workflow
from decisions.models import (
    Amendment,
    Decision,
    DecisionStatus,
    LogEntry,
    NoticeDocument,
    NoticeVersion,
)
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql]


@pytest.fixture
def signed(alice, carol, board):
    return factories.in_state(
        DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board, title="Original"
    )


def _refused(sql, params=()):
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_a_decision_cannot_be_set_to_withdrawn_without_a_signed_withdrawal(signed):
    _refused(
        "UPDATE decisions_decision SET status = 'withdrawn', withdrawn_at = now(), "
        "withdrawal_reason = 'Forged' WHERE id = %s",
        [signed.pk],
    )
    signed.refresh_from_db()
    assert signed.status == DecisionStatus.SIGNED


def test_a_withdrawal_proposed_but_not_signed_does_not_open_the_door(signed, alice):
    workflow.propose_withdrawal(signed, by=alice, reason="Lapsed.")
    _refused(
        "UPDATE decisions_decision SET status = 'withdrawn', withdrawn_at = now(), "
        "withdrawal_reason = 'Lapsed.' WHERE id = %s",
        [signed.pk],
    )


def test_a_signed_withdrawal_still_withdraws(signed, alice, carol):
    withdrawal = workflow.propose_withdrawal(signed, by=alice, reason="Lapsed.")
    workflow.sign_amendment(withdrawal.decision, by=carol)
    signed.refresh_from_db()
    assert signed.status == DecisionStatus.WITHDRAWN


def test_only_the_search_columns_of_a_signed_decision_take_new_words(signed):
    # A later version adds its words to what search reads; nothing may ride along.
    _refused(
        "UPDATE decisions_decision SET search_document = 'more', title = 'Forged' WHERE id = %s",
        [signed.pk],
    )
    _refused("UPDATE decisions_decision SET search_document = 'more', status = 'ready' "
             "WHERE id = %s", [signed.pk])  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE decisions_decision SET search_document = 'more words', "
            "search_vector = to_tsvector('english', 'more words') WHERE id = %s",
            [signed.pk],
        )
    signed.refresh_from_db()
    assert (signed.search_document, signed.status) == ("more words", DecisionStatus.SIGNED)


def test_a_signed_decision_cannot_be_inserted_or_unsigned(signed):
    _refused("UPDATE decisions_decision SET status = 'ready' WHERE id = %s", [signed.pk])
    _refused(
        "INSERT INTO decisions_decision (title, executive_summary, decision_heading, "
        "decision_text, reasons, status, urgency_reason, made_at, gateway_is_indicative, "
        "gateway_note, public_access_statement, signed_name, signed_title, declaration, "
        "interests_declared, withdrawal_reason, search_document, signed_boards, created_at, "
        "updated_at, reference, slug, signed_at, signatory_id) "
        "SELECT 'Forged', '', 'Decision', '', '', 'signed', '', '', true, '', '', 'X', 'Y', "
        "'none', '', '', '', '', now(), now(), 'FORGED 1', 'forged-1', now(), signatory_id "
        "FROM decisions_decision WHERE id = %s",
        [signed.pk],
    )
    assert not Decision.objects.filter(reference="FORGED 1").exists()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE decisions_amendment SET change_note = 'Rewritten' WHERE id = %s",
        "UPDATE decisions_amendment SET body = 'Other text' WHERE id = %s",
        "DELETE FROM decisions_amendment WHERE id = %s",
    ],
)
def test_a_signed_amendment_cannot_be_changed_or_deleted(signed, alice, carol, sql):
    amendment = workflow.propose_amendment(signed, by=alice, change_note="Corrected a figure.")
    workflow.sign_amendment(amendment.decision, by=carol)
    _refused(sql, [amendment.pk])
    assert Amendment.objects.get(pk=amendment.pk).change_note == "Corrected a figure."


def test_an_amendment_cannot_be_inserted_already_signed(signed, alice):
    _refused(
        "INSERT INTO decisions_amendment (decision_id, kind, change_note, body, proposed_by_id, "
        "proposed_at, signed_name, signed_title, signed_at, signatory_id) "
        "SELECT id, 'amendment', 'Forged', '', %s, now(), 'X', 'Y', now(), signatory_id "
        "FROM decisions_decision WHERE id = %s",
        [alice.pk, signed.pk],
    )


@pytest.mark.parametrize(
    "table, change",
    [
        ("decisions_noticedocument", "sha256 = repeat('0', 64)"),
        ("decisions_noticeversion", "content_sha256 = repeat('0', 64)"),
        ("decisions_noticeversion", "content = '{}'::jsonb"),
        ("decisions_logentry", "pdf_sha256 = repeat('0', 64)"),
    ],
)
def test_stored_pdfs_versions_and_log_entries_cannot_be_changed_or_deleted(signed, table, change):
    _refused(f"UPDATE {table} SET {change}")  # noqa: S608 - fixed test strings
    _refused(f"DELETE FROM {table}")  # noqa: S608
    assert NoticeDocument.objects.filter(decision=signed).exists()
    assert NoticeVersion.objects.filter(decision=signed).exists()
    assert LogEntry.objects.filter(version__decision=signed).exists()


@pytest.mark.parametrize(
    "table",
    [
        "decisions_historicaldecision",
        "decisions_historicalsection",
        "decisions_auditevent",
        "decisions_logentry",
        "decisions_noticedocument",
        "decisions_noticeversion",
        "decisions_decision",
        "decisions_section",
        "decisions_historicalnumberingseries",
    ],
)
def test_truncate_is_refused_on_every_kept_table(signed, table):
    with connection.cursor() as cursor:
        # As if committed: PostgreSQL will not truncate a table with checks still pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    _refused(f"TRUNCATE {table} CASCADE")
    assert Decision.history.filter(id=signed.pk).exists()


def test_an_entry_of_the_earlier_register_never_changes_under_sql(alice):
    from decisions.workflow.past import PastDecision, record_past_decision

    entry = record_past_decision(
        PastDecision(
            reference="003/2016", title="Sale of land", decision_maker_name="",
            status=DecisionStatus.NOT_PUBLISHED, register_note="Commercially sensitive",
        ),
        by=alice,
    )  # fmt: skip
    _refused(
        "UPDATE decisions_decision SET register_note = 'Not sensitive' WHERE id = %s", [entry.pk]
    )
    _refused("UPDATE decisions_decision SET status = 'draft' WHERE id = %s", [entry.pk])
    _refused("DELETE FROM decisions_decision WHERE id = %s", [entry.pk])
    _refused(
        "INSERT INTO decisions_decision (title, status, reference, slug, signed_at, "
        "from_earlier_register) VALUES ('Forged', 'deferred', 'X1', 'x1', now(), true)"
    )
    entry.refresh_from_db()
    assert entry.register_note == "Commercially sensitive"
