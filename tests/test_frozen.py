"""What was signed never changes: not by the admin, save(), update(), delete() or raw SQL."""

import pytest
from django.db import IntegrityError, connection, transaction

from decisions.models import Decision, DecisionStatus, Section
from decisions.models.freeze import FrozenDecisionError
from tests import factories
from tests.admin_forms import decision_form

pytestmark = [pytest.mark.django_db, pytest.mark.pdfs_unmade]


@pytest.fixture
def signed(alice, carol, board):
    return factories.in_state(
        DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board, title="Original"
    )


def _snapshot(decision):
    decision = Decision.objects.get(pk=decision.pk)
    return (
        decision.title,
        decision.decision_text,
        list(decision.sections.values_list("heading", "body")),
        decision.history.count(),
    )


def test_the_admin_shows_a_signed_decision_read_only_and_says_how_to_amend(as_alice, signed):
    page = as_alice.get(f"/admin/decisions/decision/{signed.pk}/change/").content.decode()
    assert "has been signed, so its notice can no longer be changed" in page
    assert "propose an amendment" in page
    assert 'name="title"' not in page
    assert "Propose an amendment" in page


def test_it_offers_nothing_to_propose_on_a_withdrawn_decision(as_alice, alice, carol, board):
    withdrawn = factories.in_state(
        DecisionStatus.WITHDRAWN, drafter=alice, commissioner=carol, board_=board
    )
    page = as_alice.get(f"/admin/decisions/decision/{withdrawn.pk}/change/").content.decode()
    assert f"{withdrawn.reference} has been withdrawn" in page
    assert "propose an amendment" not in page.lower()
    assert "propose a withdrawal" not in page.lower() and "propose withdrawal" not in page.lower()


def test_posting_an_edit_to_a_signed_decision_changes_nothing_and_says_why(as_alice, signed):
    before = _snapshot(signed)
    response = as_alice.post(
        f"/admin/decisions/decision/{signed.pk}/change/",
        decision_form({"title": "Rewritten after signing"}),
        follow=True,
    )
    assert response.status_code == 200
    assert "has been signed, so its notice can no longer be changed" in response.content.decode()
    assert _snapshot(signed) == before


def test_a_decision_waiting_for_signature_cannot_be_edited_either(as_alice, alice, carol, board):
    ready = factories.in_state(
        DecisionStatus.READY, drafter=alice, commissioner=carol, board_=board
    )
    before = _snapshot(ready)
    response = as_alice.post(
        f"/admin/decisions/decision/{ready.pk}/change/", decision_form({"title": "x"}), follow=True
    )
    assert "waiting for the Commissioner" in response.content.decode()
    assert _snapshot(ready) == before


def test_the_part_admin_pages_are_read_only(as_alice, signed):
    section = signed.sections.first()
    response = as_alice.post(
        f"/admin/decisions/section/{section.pk}/change/", {"heading": "x", "body": "y"}
    )
    assert response.status_code == 403
    assert Section.objects.get(pk=section.pk).heading == "Financial"


def test_save_refuses_and_leaves_history_alone(signed):
    before = _snapshot(signed)
    signed.title = "Changed by code"
    with pytest.raises(FrozenDecisionError, match="propose an amendment"):
        signed.save()
    assert _snapshot(signed) == before


def test_only_search_s_words_change_on_a_signed_decision(signed):
    signed.search_document = "Words of a later version"
    signed.title = "Changed by code"
    with pytest.raises(FrozenDecisionError):
        signed.save()
    signed.title = "Original"
    with pytest.raises(FrozenDecisionError):  # a whole save also writes updated_at
        signed.save()
    signed.save(update_fields=["search_document"])
    Decision.objects.filter(pk=signed.pk).update(search_document="And another")
    signed.refresh_from_db()
    assert (signed.title, signed.search_document) == ("Original", "And another")


def test_queryset_update_and_delete_refuse(signed):
    with pytest.raises(FrozenDecisionError):
        Decision.objects.filter(pk=signed.pk).update(title="Bulk edit")
    with pytest.raises(FrozenDecisionError):
        Decision.objects.filter(pk=signed.pk).update(status=DecisionStatus.DRAFT)
    with pytest.raises(FrozenDecisionError):  # search's words carry nothing else with them
        Decision.objects.filter(pk=signed.pk).update(search_document="x", title="Bulk edit")
    with pytest.raises(FrozenDecisionError):
        Decision.objects.filter(pk=signed.pk).delete()
    with pytest.raises(FrozenDecisionError):
        signed.delete()
    assert Decision.objects.get(pk=signed.pk).title == "Original"


def test_parts_cannot_be_added_changed_or_deleted(signed):
    section = signed.sections.first()
    section.body = "Changed"
    with pytest.raises(FrozenDecisionError):
        section.save()
    with pytest.raises(FrozenDecisionError):
        section.delete()
    with pytest.raises(FrozenDecisionError):
        Section.objects.create(decision=signed, heading="Added later")


@pytest.mark.postgresql
def test_raw_sql_is_refused_by_the_database(signed):
    section = signed.sections.first()
    statements = [
        ("UPDATE decisions_decision SET title = 'raw' WHERE id = %s", [signed.pk]),
        ("UPDATE decisions_decision SET status = 'draft' WHERE id = %s", [signed.pk]),
        ("DELETE FROM decisions_decision WHERE id = %s", [signed.pk]),
        ("UPDATE decisions_section SET body = 'raw' WHERE id = %s", [section.pk]),
        ("DELETE FROM decisions_section WHERE id = %s", [section.pk]),
        (
            'INSERT INTO decisions_section (decision_id, "order", level, heading, body) '
            "VALUES (%s, 9, 2, 'raw', '')",
            [signed.pk],
        ),
    ]
    for sql, params in statements:
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    assert _snapshot(signed)[0] == "Original"


def test_withdrawal_still_works_on_a_frozen_decision(signed, alice, carol):
    from decisions import workflow

    workflow.propose_withdrawal(signed, by=alice, reason="Lapsed.")
    workflow.sign_amendment(signed, by=carol)
    signed.refresh_from_db()
    assert signed.status == DecisionStatus.WITHDRAWN and signed.title == "Original"
