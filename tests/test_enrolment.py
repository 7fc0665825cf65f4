"""Staff set up their own second factor at their first sign-in, and make their own
backup codes: no administrator needed."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from decisions import two_factor
from tests import factories

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"
ENROL = "/admin/enrol/"


def _code(device) -> str:
    return str(totp(device.bin_key, step=device.step, t0=device.t0)).zfill(6)


def _first_sign_in(client, user, next_page="/admin/decisions/decision/"):
    return client.post(
        f"{LOGIN}?next={next_page}", {"username": user.username, "password": factories.PASSWORD}
    )


def test_it_sends_an_account_without_an_authenticator_to_set_one_up(client, alice):
    response = _first_sign_in(client, alice)
    assert response.status_code == 302 and response["Location"].startswith(ENROL)
    assert client.get("/admin/").status_code == 302  # no admin page before it is set up
    page = client.get(response["Location"]).content.decode()
    device = TOTPDevice.objects.get(user=alice, confirmed=False)
    assert "<svg" in page and two_factor.base32_secret(device) in page


def test_it_confirms_the_app_by_a_code_then_shows_ten_backup_codes_once(client, alice):
    landing = _first_sign_in(client, alice)["Location"]
    client.get(landing)
    device = TOTPDevice.objects.get(user=alice, confirmed=False)
    wrong = client.post(landing, {"code": "000000" if _code(device) != "000000" else "111111"})
    assert "That code is not right" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # as the few seconds' wait after a wrong code would
    done = client.post(landing, {"code": _code(device), "next": "/admin/decisions/decision/"})
    page = done.content.decode()
    codes = re.findall(r"<li><code>(\w+)</code></li>", page)
    assert len(codes) == 10 and "shown only this once" in page
    assert 'href="/admin/decisions/decision/"' in page
    assert "no-store" in done["Cache-Control"]
    assert client.get("/admin/decisions/decision/").status_code == 200  # verified now
    assert not any(code in client.get(ENROL, follow=True).content.decode() for code in codes)
    client.logout()
    signed_in = client.post(
        LOGIN, {"username": "alice", "password": factories.PASSWORD, "code": codes[0]}
    )
    assert signed_in.status_code == 302


def test_it_asks_an_enrolled_account_for_its_code_not_to_enrol_again(client, alice):
    two_factor.authenticator(alice)
    response = _first_sign_in(client, alice)
    assert response.status_code == 200 and "not right" in response.content.decode()
    assert client.get(ENROL).status_code == 302


def test_it_keeps_the_enrolment_page_from_anyone_not_signed_in(client):
    response = client.get(ENROL)
    assert response.status_code == 302 and response["Location"] == "/admin/login/"


def test_it_says_how_many_backup_codes_are_left_and_makes_new_ones(client, alice):
    old = two_factor.backup_codes(alice, count=3)
    client.force_login(alice)
    assert (
        "You have <strong>3</strong> backup codes left"
        in client.get("/admin/backup-codes/").content.decode()
    )
    page = client.post("/admin/backup-codes/").content.decode()
    new = re.findall(r"<li><code>(\w+)</code></li>", page)
    assert len(new) == 10
    tokens = set(StaticToken.objects.filter(device__user=alice).values_list("token", flat=True))
    assert tokens == set(new) and not tokens & set(old)
