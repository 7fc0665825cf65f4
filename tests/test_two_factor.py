"""Every staff sign-in needs a second factor; without one, no admin page is reachable."""

import pytest

from decisions import two_factor
from decisions.models import Decision
from tests import factories

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"


def _sign_in(client, user, *, second=None, password=factories.PASSWORD):
    data = {"username": user.username, "password": password, **(second or {})}
    return client.post(LOGIN, data)


def _authenticator(user, code=None):
    device = two_factor.authenticator(user)
    return {"code": code or two_factor.current_code(device)}


def test_a_password_alone_does_not_sign_in(client, alice):
    two_factor.authenticator(alice)
    response = _sign_in(client, alice)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="code"' in page and "6-digit code from your authenticator app" in page
    assert client.get("/admin/decisions/decision/").status_code == 302


def test_a_password_and_an_authenticator_code_sign_in(client, alice):
    response = _sign_in(client, alice, second=_authenticator(alice))
    assert response.status_code == 302
    assert client.get("/admin/decisions/decision/").status_code == 200


def test_a_wrong_code_is_refused(client, alice):
    response = _sign_in(client, alice, second=_authenticator(alice, code="000000"))
    assert response.status_code == 200
    assert client.get("/admin/decisions/decision/").status_code == 302


def test_a_backup_code_works_once(client, alice):
    second = factories.one_time_code(alice)
    assert _sign_in(client, alice, second=second).status_code == 302
    client.logout()
    assert _sign_in(client, alice, second=second).status_code == 200


def test_staff_without_a_verified_device_reach_no_admin_page(client, alice):
    draft = factories.draft(created_by=alice)
    client.force_login(alice, verified=False)
    for url in (
        "/admin/",
        "/admin/decisions/decision/",
        f"/admin/decisions/decision/{draft.pk}/change/",
        f"/admin/decisions/decision/{draft.pk}/step/put_to_board/",
        f"/admin/decisions/decision/{draft.pk}/preview/",
        "/admin/backup-codes/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(LOGIN), url
    assert Decision.objects.get(pk=draft.pk).status == "draft"


def test_the_demo_prints_working_codes_and_refuses_to_run_in_production(settings, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    settings.DEBUG = True
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "codes " in out and "Authenticator app secrets" in out
    settings.DEBUG = False
    with pytest.raises(CommandError, match="never in production"):
        call_command("load_demo")


@pytest.mark.parametrize("next_page", ["", "https://evil.example/", "/admin/decisions/decision/"])
def test_it_lands_a_sign_in_on_the_admin_or_the_page_asked_for(client, alice, next_page):
    two_factor.authenticator(alice)
    response = client.post(
        f"{LOGIN}?next={next_page}",
        {"username": alice.username, "password": factories.PASSWORD, **_authenticator(alice)},
    )
    expected = next_page if next_page.startswith("/admin/") else "/admin/"
    assert response.status_code == 302 and response["Location"] == expected
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    "wrong", ["password", "code", "username", "not staff"], ids=lambda w: f"wrong {w}"
)
def test_it_says_the_same_for_any_wrong_combination_and_keeps_no_password(client, alice, wrong):
    from decisions.sign_in import NOT_RIGHT

    code = _authenticator(alice)["code"]
    data = {"username": "alice", "password": factories.PASSWORD, "code": code}
    if wrong == "password":
        data["password"] = "not-the-password"
    elif wrong == "code":
        data["code"] = "000000" if code != "000000" else "111111"
    elif wrong == "username":
        data["username"] = "nobody"
    else:
        alice.is_staff = False
        alice.save()
    response = client.post(LOGIN, data)
    page = response.content.decode()
    assert response.status_code == 200 and NOT_RIGHT in page
    assert factories.PASSWORD not in page and "not-the-password" not in page
    assert client.get("/admin/").status_code == 302


def test_it_counts_a_wrong_code_towards_the_lockout(client, alice, settings):
    _authenticator(alice)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "alice", "password": factories.PASSWORD, "code": "1"})
    locked = _sign_in(client, alice, second=_authenticator(alice))
    assert locked.status_code == 429
