"""What the Commissioner previewed is exactly what is signed, and what is signed never
changes: not by an edit between preview and signing, nor by any edit afterwards."""

import pytest
from django.urls import reverse

from decisions import workflow
from decisions.models import Board, Contact, DecisionLink, DecisionStatus, Section, Signatory
from tests import factories
from tests.admin_forms import hidden_fields

pytestmark = pytest.mark.django_db

CHANGED = "This draft changed after you opened this page: review it again."


@pytest.fixture
def ready(alice, carol, board):
    decision = factories.in_state(
        DecisionStatus.READY, drafter=alice, commissioner=carol, board_=board,
        title="Custody healthcare", contact_officer=factories.contact(),
    )  # fmt: skip
    return decision


def _sign_url(decision):
    return f"/admin/decisions/decision/{decision.pk}/step/sign/"


def _post_sign(client, decision, seen):
    return client.post(
        _sign_url(decision), {**seen, "declaration": "none", "confirm": "on"}, follow=True
    )


def _edit_section(decision):
    Section.objects.filter(decision=decision).update(body="Costs rose to £9m.")


def _edit_contact(decision):
    Contact.objects.filter(pk=decision.contact_officer_id).update(telephone="0800 000 000")


def _rename_board(decision):
    Board.objects.update(name="Renamed Board")


def _retitle_signatory(decision):
    Signatory.objects.update(title="Deputy Police and Crime Commissioner")


def _add_paper(decision):
    factories.draft()  # unrelated drafts do not matter ...
    decision.background_papers.create(title="A paper slipped in")  # ... this does


@pytest.mark.parametrize(
    "edit", [_edit_section, _edit_contact, _rename_board, _retitle_signatory, _add_paper]
)
def test_an_edit_between_preview_and_signing_is_refused(client, ready, carol, edit):
    client.force_login(carol)
    seen = hidden_fields(client, _sign_url(ready))
    edit(ready)
    response = _post_sign(client, ready, seen)
    assert CHANGED in response.content.decode()
    ready.refresh_from_db()
    assert ready.status == DecisionStatus.READY and ready.reference is None
    # The page shown again is the notice as it is now: signing that works.
    response = _post_sign(client, ready, hidden_fields(client, _sign_url(ready)))
    ready.refresh_from_db()
    assert ready.status == DecisionStatus.SIGNED


def test_the_signed_notice_is_exactly_the_preview_with_its_number_and_signature(
    client, ready, carol
):
    client.force_login(carol)
    preview = client.get(_sign_url(ready)).content.decode()
    assert "0121 626 6060" in preview
    _post_sign(client, ready, hidden_fields(client, _sign_url(ready)))
    ready.refresh_from_db()
    content = ready.versions.get().content
    assert content["contact"]["telephone"] == "0121 626 6060"
    assert content["reference"] == ready.reference
    assert content["signature"]["name"] == "Sam Taylor"
    assert content["boards"] == ["Strategic Policing and Crime Board"]


def test_an_amendment_changed_after_its_sign_page_opened_is_refused(client, alice, carol, board):
    signed = factories.in_state(
        DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board
    )
    amendment = workflow.propose_amendment(signed, by=alice, change_note="Figure: £1.2m.")
    url = f"/admin/decisions/decision/amendment/{amendment.pk}/sign/"
    client.force_login(carol)
    seen = hidden_fields(client, url)
    type(amendment).objects.filter(pk=amendment.pk).update(change_note="Figure: £12m.")
    response = client.post(url, seen, follow=True)
    assert CHANGED in response.content.decode()
    amendment.refresh_from_db()
    assert amendment.signed_at is None


def test_the_amendment_sign_page_shows_formatted_text_not_markdown(client, alice, carol, board):
    signed = factories.in_state(
        DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board
    )
    amendment = workflow.propose_amendment(
        signed, by=alice, change_note="Corrected.", body="The cost is **£9.9m**."
    )
    client.force_login(carol)
    page = client.get(f"/admin/decisions/decision/amendment/{amendment.pk}/sign/").content.decode()
    assert "<strong>£9.9m</strong>" in page and "**£9.9m**" not in page


def _public_copies(client, decision):
    decision.refresh_from_db()
    page = client.get(decision.get_absolute_url()).content
    data = client.get(reverse("decisions:decision_json", args=[decision.slug])).content
    csv = b"".join(client.get("/decisions.csv").streaming_content)
    feed = client.get("/decisions/feed/").content
    pdf = b"".join(client.get(f"/decisions/{decision.slug}.pdf").streaming_content)
    search = client.get("/decisions/?q=Jacky").content
    return page, data, csv, feed, pdf, search


def test_no_later_edit_of_a_contact_board_signatory_or_linked_decision_changes_a_signed_notice(
    client, alice, carol, board
):
    earlier = factories.in_state(
        DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board,
        title="The earlier decision",
    )  # fmt: skip
    draft = factories.draft(created_by=alice, contact_officer=factories.contact())
    DecisionLink.objects.create(from_decision=draft, to_decision=earlier)
    workflow.put_to_board(draft, by=alice, meeting=factories.meeting(board))
    workflow.send_for_signature(draft, by=alice)
    signed = workflow.sign(draft, by=carol, declaration="none")
    before = _public_copies(client, signed)

    Contact.objects.update(name="Someone Else", telephone="0800 000 000", email="x@example.org")
    Board.objects.update(name="Renamed Board")
    Signatory.objects.update(name="Another Person", title="Deputy Commissioner")
    other = factories.draft(created_by=alice, title="Unrelated later draft")
    DecisionLink.objects.create(from_decision=other, to_decision=earlier)

    after = _public_copies(client, signed)
    for name, old, new in zip(("page", "JSON", "CSV", "feed", "PDF", "search"), before, after,
                              strict=True):  # fmt: skip
        assert old == new, f"the {name} changed"
    assert b"Jacky Courtney" in after[0] and b"Strategic Policing and Crime Board" in after[1]
