"""An administrator gives a new member of staff a username, a name, an email address
and a role; its owner chooses a password, sets up an authenticator and works, with no
more help from the administrator."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.utils.timezone import localdate
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from decisions import roles
from decisions.models import AuditAction, AuditEvent
from decisions.workflow.signing import signatory_for
from tests import factories
from tests.conftest import group

pytestmark = pytest.mark.django_db
ADD = "/admin/auth/user/add/"
NEW_PASSWORD = "a long passphrase of my own 2026"


def _add(client, **changes):
    fields = {
        "username": "nadia",
        "first_name": "Nadia",
        "last_name": "Okafor",
        "email": "nadia.okafor@office.example",
        "role": group(roles.DRAFTER).pk,
        **changes,
    }
    return client.post(ADD, fields)


def _link(message, site_url) -> str:
    found = re.search(re.escape(site_url) + r"(/admin/reset/\S+/)", message.body)
    assert found, message.body
    return found.group(1)


def _code(device) -> str:
    return str(totp(device.bin_key, step=device.step, t0=device.t0)).zfill(6)


def test_an_account_made_with_a_name_email_and_role_invites_its_owner(
    as_admin, admin_user, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://decisions.example.gov.uk"
    with django_capture_on_commit_callbacks(execute=True):
        response = _add(as_admin)
    assert response.status_code == 302, response.content.decode()
    nadia = get_user_model().objects.get(username="nadia")
    assert nadia.is_staff and not nadia.is_superuser and not nadia.has_usable_password()
    assert list(nadia.groups.values_list("name", flat=True)) == [roles.DRAFTER]
    [invitation] = mailoutbox
    assert invitation.to == ["nadia.okafor@office.example"]
    assert "Your username is: nadia" in invitation.body
    assert _link(invitation, settings.SITE_URL)
    assert AuditEvent.objects.filter(
        action=AuditAction.INVITED, user=admin_user, username="nadia"
    ).exists()


def test_the_owner_chooses_a_password_enrols_and_works_alone(
    client, as_admin, mailoutbox, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _add(as_admin)
    as_admin.logout()
    chosen = client.get(_link(mailoutbox[0], settings.SITE_URL), follow=True)
    set_password = client.post(
        chosen.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert set_password.status_code == 302
    signed_in = client.post(
        "/admin/login/", {"username": "nadia", "password": NEW_PASSWORD, "code": ""}
    )
    assert signed_in["Location"].startswith("/admin/enrol/")
    client.get(signed_in["Location"])
    device = TOTPDevice.objects.get(user__username="nadia", confirmed=False)
    enrolled = client.post(signed_in["Location"], {"code": _code(device)})
    assert len(re.findall(r"<li><code>\w+</code></li>", enrolled.content.decode())) == 10
    home = client.get("/admin/").content.decode()
    assert "Drafts in progress" in home
    assert client.get("/admin/decisions/decision/add/").status_code == 200


def test_a_lapsed_invitation_is_sent_again_by_asking_for_a_password_reset(
    client, as_admin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _add(as_admin)
    as_admin.logout()
    mailoutbox.clear()
    client.post("/admin/password_reset/", {"email": "Nadia.Okafor@office.example"})
    assert [m.to for m in mailoutbox] == [["nadia.okafor@office.example"]]


def test_it_refuses_a_second_account_with_the_same_address_and_keeps_the_form(
    as_admin, alice, mailoutbox
):
    page = _add(as_admin, email=alice.email.upper()).content.decode()
    assert "Another account already has this email address." in page
    assert 'value="Nadia"' in page
    assert not get_user_model().objects.filter(username="nadia").exists()
    assert mailoutbox == []


def test_a_board_member_is_put_on_their_boards(as_admin, board):
    _add(as_admin, role=group(roles.BOARD_MEMBER).pk, boards=[board.pk])
    assert list(board.members.values_list("username", flat=True)) == ["nadia"]


def test_a_board_member_left_without_a_board_sits_on_the_offices_only_one(as_admin, board):
    _add(as_admin, role=group(roles.BOARD_MEMBER).pk)
    assert list(board.members.values_list("username", flat=True)) == ["nadia"]
    factories.board(name="Police and Crime Panel liaison board")
    page = _add(as_admin, username="omar", email="o@office.example",
                role=group(roles.BOARD_MEMBER).pk)  # fmt: skip
    assert page.context["adminform"].form.errors == {
        "boards": ["Choose the boards a board member sits on."]
    }


def test_a_commissioner_gets_a_term_of_office_to_sign_in(as_admin, settings):
    title = "Police and Crime Commissioner for Northshire"
    _add(as_admin, role=group(roles.COMMISSIONER).pk, signs_as=title)
    term = signatory_for(get_user_model().objects.get(username="nadia"))
    assert (term.name, term.title, term.term_start) == ("Nadia Okafor", title, localdate())
    _add(as_admin, username="omar", email="o@office.example", role=group(roles.COMMISSIONER).pk)
    omar = signatory_for(get_user_model().objects.get(username="omar"))
    assert omar.title == settings.DECISION_MAKER_TITLE


@pytest.mark.parametrize("left_out", ["first_name", "last_name", "email", "role"])
def test_it_needs_each_of_name_email_and_role(as_admin, left_out):
    page = _add(as_admin, **{left_out: ""})
    assert page.context["adminform"].form.errors == {left_out: ["This field is required."]}
    assert not get_user_model().objects.filter(username="nadia").exists()


@pytest.mark.parametrize("role", [roles.DRAFTER, roles.BOARD_MEMBER, roles.COMMISSIONER])
def test_only_an_administrator_reaches_the_accounts(client, role, alice, mailoutbox):
    staff = factories.user("someone", role)
    client.force_login(staff)
    for url in (ADD, "/admin/auth/user/", f"/admin/auth/user/{alice.pk}/change/"):
        assert client.get(url).status_code == 403, url
    assert _add(client).status_code == 403
    assert not get_user_model().objects.filter(username="nadia").exists()
    assert mailoutbox == []
