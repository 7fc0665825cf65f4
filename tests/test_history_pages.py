"""The history pages simple-history adds to every admin model only ever show.

/admin/decisions/<model>/<id>/history/<version>/ once saved on POST for anyone who
could view the record, and ignored who could see it: a drafter forged a signed
amendment, a board member rewrote a decision waiting for signature. Here every
role tries every registered model's version page, reading and writing.
"""

import datetime

import pytest
from django.contrib import admin
from django.db.models.fields.files import FieldFile
from django.forms.models import model_to_dict

from decisions import workflow
from decisions.admin.history import RecordAdmin
from decisions.models import (
    AgendaItem,
    Amendment,
    Annex,
    BackgroundPaper,
    BoardComment,
    ConfidentialPart,
    DecisionLink,
    DecisionStatus,
    GatewayRow,
    NumberingSeries,
    Section,
    Signatory,
)
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.pdfs_unmade]

ACTORS = ["alice", "bob", "carol", "dave", "root", "anonymous"]
RECORD_ADMINS = sorted(
    (model for model, model_admin in admin.site._registry.items()
     if isinstance(model_admin, RecordAdmin)),
    key=lambda model: model.__name__,
)  # fmt: skip


@pytest.fixture
def records(alice, bob, carol, board):
    """One record of every registered model: parts of a decision waiting for signature,
    and a signed decision with an amendment waiting too."""
    contact = factories.contact()
    decision = factories.draft(created_by=alice, contact_officer=contact, title="With the board")
    GatewayRow.objects.create(
        decision=decision, gate=0, description="Start", milestone_planned=datetime.date(2030, 1, 1)
    )
    BackgroundPaper.objects.create(decision=decision, title="Paper")
    Annex.objects.create(decision=decision, label="A", title="Annex")
    ConfidentialPart.objects.create(decision=decision, heading="Secret", body="Terms.")
    signed = factories.in_state(
        DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board
    )
    DecisionLink.objects.create(from_decision=decision, to_decision=signed)
    meeting = factories.meeting(board)
    workflow.put_to_board(decision, by=alice, meeting=meeting)
    workflow.comment(decision, by=bob, body="Looks right.")
    workflow.send_for_signature(decision, by=alice)
    amendment = workflow.propose_amendment(signed, by=alice, change_note="A figure.")
    return {
        "Decision": decision,
        "Section": Section.objects.filter(decision=decision).first(),
        "GatewayRow": GatewayRow.objects.get(decision=decision),
        "BackgroundPaper": BackgroundPaper.objects.get(decision=decision),
        "Annex": Annex.objects.get(decision=decision),
        "ConfidentialPart": ConfidentialPart.objects.get(decision=decision),
        "DecisionLink": DecisionLink.objects.get(from_decision=decision),
        "Contact": contact,
        "Signatory": Signatory.objects.get(user=carol),
        "Board": board,
        "BoardMeeting": meeting,
        "NumberingSeries": NumberingSeries.objects.default(),
        "BoardComment": BoardComment.objects.get(),
        "Amendment": amendment,
        "signed": signed,
    }


def _snapshot():
    """Every row of every registered model, and how much history each has."""
    rows = {}
    for model in RECORD_ADMINS + [AgendaItem]:
        rows[model.__name__] = sorted(map(repr, model.objects.values()))
        rows[f"history of {model.__name__}"] = model.history.count()
    return rows


def _forged(instance):
    """The form a forger posts: the record's own fields, with every text changed."""
    data = {
        k: v for k, v in model_to_dict(instance).items()
        if v is not None and not isinstance(v, FieldFile)
    }  # fmt: skip
    for key, value in list(data.items()):
        if isinstance(value, str):
            data[key] = f"{value} FORGED"
        elif isinstance(value, list):
            data[key] = [getattr(item, "pk", item) for item in value]
    return data | {"held_in_public": "on", "status": "signed", "signed_at": "2026-01-01 12:00"}


def _login(client, users, actor):
    if actor != "anonymous":
        client.force_login(users[actor])


@pytest.mark.parametrize("actor", ACTORS)
def test_no_version_page_saves_anything_for_any_role(
    client, records, alice, bob, carol, dave, admin_user, actor
):
    _login(client, {"alice": alice, "bob": bob, "carol": carol, "dave": dave,
                    "root": admin_user}, actor)  # fmt: skip
    before = _snapshot()
    for model in RECORD_ADMINS:
        instance = records[model.__name__]
        version = instance.history.earliest("history_date")
        url = f"/admin/decisions/{model._meta.model_name}/{instance.pk}/history/{version.pk}/"
        response = client.post(url, _forged(instance))
        assert response.status_code in (302, 403, 404, 405), (model.__name__, response.status_code)
        # The Amendment of a signed decision, the signed decision, anything at all.
        signed = records["signed"]
        response = client.post(
            f"/admin/decisions/decision/{signed.pk}/history/"
            f"{signed.history.earliest('history_date').pk}/",
            _forged(signed),
        )
        assert response.status_code in (302, 403, 404, 405), response.status_code
    assert _snapshot() == before


def test_every_registered_model_with_history_is_covered():
    names = {model.__name__ for model in RECORD_ADMINS}
    assert names == {
        "Amendment", "Annex", "BackgroundPaper", "Board", "BoardComment", "BoardMeeting",
        "ConfidentialPart", "Contact", "Decision", "DecisionLink", "GatewayRow",
        "NumberingSeries", "Section", "Signatory",
    }  # fmt: skip


def test_a_version_page_shows_the_record_as_it_was_read_only(client, records, alice):
    decision = records["Decision"]
    first = decision.history.earliest("history_date")
    client.force_login(alice)
    page = client.get(f"/admin/decisions/decision/{decision.pk}/history/{first.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "With the board" in html and "never saved or restored" in html
    assert "<form" not in html.split('id="content-main"')[1]


def test_a_board_member_reads_versions_only_of_their_boards_drafts(client, records, bob, alice):
    other_board = factories.board(name="Audit Committee")
    elsewhere = factories.draft(created_by=alice, title="Before another board")
    workflow.put_to_board(elsewhere, by=alice, meeting=factories.meeting(other_board))
    client.force_login(bob)
    mine = records["Decision"]
    version = mine.history.earliest("history_date")
    assert (
        client.get(f"/admin/decisions/decision/{mine.pk}/history/{version.pk}/").status_code == 200
    )
    theirs = elsewhere.history.earliest("history_date")
    for url in (
        f"/admin/decisions/decision/{elsewhere.pk}/history/{theirs.pk}/",
        f"/admin/decisions/decision/{elsewhere.pk}/history/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Before another board" not in response.content.decode()
    meeting = elsewhere.agenda_items.get().meeting
    assert client.get(f"/admin/decisions/boardmeeting/{meeting.pk}/history/").status_code == 404
    other_comment = BoardComment.objects.create(
        agenda_item=elsewhere.agenda_items.get(), author=alice, body="Not for bob."
    )
    assert "Not for bob." not in client.get("/admin/decisions/boardcomment/").content.decode()
    url = f"/admin/decisions/boardcomment/{other_comment.pk}/history/"
    assert client.get(url).status_code == 404


def test_roles_without_the_model_are_refused_and_the_public_is_sent_to_sign_in(
    client, records, bob, dave
):
    contact = records["Contact"]
    version = contact.history.earliest("history_date")
    url = f"/admin/decisions/contact/{contact.pk}/history/{version.pk}/"
    for user in (bob, dave):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("version", ["0", "999999", "abc", "1%00"])
def test_odd_version_ids_are_a_404_never_a_server_error(client, records, alice, version):
    client.force_login(alice)
    decision = records["Decision"]
    assert (
        client.get(f"/admin/decisions/decision/{decision.pk}/history/{version}/").status_code == 404
    )
    assert client.get(f"/admin/decisions/decision/abc/history/{version}/").status_code == 404


def test_an_amendment_version_page_cannot_forge_a_signature(client, records, alice, carol):
    """The original attack: a drafter publishing an amendment 'signed by' the Commissioner."""
    amendment = records["Amendment"]
    version = amendment.history.earliest("history_date")
    client.force_login(alice)
    response = client.post(
        f"/admin/decisions/amendment/{amendment.pk}/history/{version.pk}/",
        {"decision": amendment.decision_id, "kind": "amendment", "change_note": "Forged",
         "body": "Never seen", "proposed_by": alice.pk,
         "signatory": Signatory.objects.get(user=carol).pk, "signed_name": "Sam Taylor",
         "signed_title": "Commissioner", "signed_at_0": "2026-01-01", "signed_at_1": "12:00"},
    )  # fmt: skip
    assert response.status_code == 405
    amendment.refresh_from_db()
    assert amendment.signed_at is None and amendment.change_note == "A figure."
    assert not Amendment.objects.filter(signed_at__isnull=False).exists()
