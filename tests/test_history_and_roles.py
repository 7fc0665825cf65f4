"""The history of a decision, and the roles the data migration creates."""

import pytest
from django.contrib.auth.models import Group

from decisions import roles, workflow
from decisions.models import Decision
from tests import factories
from tests.admin_forms import decision_form

pytestmark = [pytest.mark.django_db, pytest.mark.pdfs_unmade]


def test_history_lists_who_when_why_and_each_fields_old_and_new_value(
    as_alice, alice, carol, board
):
    as_alice.post("/admin/decisions/decision/add/", decision_form({"title": "First title"}))
    decision = Decision.objects.get()
    data = decision_form({"title": "Second title", "reasons": "New reasons."})
    as_alice.post(f"/admin/decisions/decision/{decision.pk}/change/", data)
    workflow.put_to_board(decision, by=alice, meeting=factories.meeting(board))

    page = as_alice.get(f"/admin/decisions/decision/{decision.pk}/history/").content.decode()
    assert "alice" in page
    changed_row = next(row for row in page.split("<tr>") if "Changed" in row and "title" in row)
    assert "Reasons" in changed_row  # the fields changed, by name
    # and what each was and became
    assert "<del>First title</del> → <ins>Second title</ins>" in changed_row
    assert "<del>1. Value for money.</del> → <ins>New reasons.</ins>" in changed_row
    assert "updated" not in changed_row and "_id" not in changed_row
    assert "Put to Strategic Policing and Crime Board" in page
    assert "Agenda item" in page  # parts' history is in the same list


def test_roles_exist_with_the_right_powers():
    drafter = set(
        Group.objects.get(name=roles.DRAFTER).permissions.values_list("codename", flat=True)
    )
    board = set(
        Group.objects.get(name=roles.BOARD_MEMBER).permissions.values_list("codename", flat=True)
    )
    signer = set(
        Group.objects.get(name=roles.COMMISSIONER).permissions.values_list("codename", flat=True)
    )
    assert {"draft_decision", "change_decision", "add_decision"} <= drafter
    assert "sign_decision" not in drafter
    assert board == {
        "view_decision", "view_boardmeeting", "view_agendaitem", "view_boardcomment",
        "add_boardcomment", "comment_on_decision",
    }  # fmt: skip
    assert "sign_decision" in signer and "change_decision" not in signer
    assert "delete_decision" not in drafter | board | signer


def test_staff_with_no_role_reach_no_decision(client, dave):
    decision = factories.draft()
    client.force_login(dave)
    assert client.get("/admin/decisions/decision/").status_code == 403
    assert client.get(f"/admin/decisions/decision/{decision.pk}/change/").status_code == 403
    assert client.get(f"/admin/decisions/decision/{decision.pk}/preview/").status_code == 403


def test_the_public_is_sent_to_log_in(client):
    decision = factories.draft()
    response = client.get(f"/admin/decisions/decision/{decision.pk}/preview/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_it_shows_a_long_value_cut_short_and_a_choice_by_its_label():
    from decisions.admin.history import SHOWN_CHARACTERS, _shown

    body = Decision._meta.get_field("decision_text")
    assert _shown(body, "word " * 200).endswith(" …")
    assert len(_shown(body, "word " * 200)) == SHOWN_CHARACTERS + 2
    status = Decision._meta.get_field("status")
    assert _shown(status, "with_board") == "With the board"
    assert _shown(body, None) == "(empty)"


def test_it_shows_a_change_in_a_long_text_in_place(as_alice, alice):
    before = "The Commissioner agrees " + "funding for the rural radio network " * 4
    after = before.replace("agrees", "approves", 1)
    as_alice.post("/admin/decisions/decision/add/", decision_form({"decision_text": before}))
    decision = Decision.objects.get()
    as_alice.post(
        f"/admin/decisions/decision/{decision.pk}/change/", decision_form({"decision_text": after})
    )
    page = as_alice.get(f"/admin/decisions/decision/{decision.pk}/history/").content.decode()
    assert "The Commissioner <del>agrees</del> <ins>approves</ins> funding for the rural" in page
    assert "… " in page  # the unchanged rest, cut short
