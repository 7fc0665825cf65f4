"""Who gets in: lockout after repeated failures, fresh sessions, strong passwords,
no hint of which usernames exist, and a strict Content-Security-Policy."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from decisions.models import AuditAction, AuditEvent
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.pdfs_unmade]
LOGIN = "/admin/login/"


def _attempt(client, username, password, ip="192.0.2.44"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_repeated_failures_lock_out_with_429_and_a_clear_message(client, alice, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _attempt(client, "alice", "wrong password").status_code == 200
    locked = _attempt(client, "alice", "wrong password")
    assert locked.status_code == 429
    assert "Too many attempts to sign in" in locked.content.decode()
    # Even the right password is refused while locked out.
    assert _attempt(client, "alice", factories.PASSWORD).status_code == 429
    assert AuditEvent.objects.filter(action=AuditAction.LOCKED_OUT, username="alice").exists()


def test_a_lockout_is_for_that_username_from_that_address(client, alice, bob, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, "alice", "wrong password")
    assert _attempt(client, "bob", "wrong password").status_code == 200
    assert _attempt(client, "alice", "wrong password", ip="192.0.2.99").status_code == 200


def test_signing_in_gives_a_new_session(client, alice, settings):
    # A session planted before sign-in (session fixation) is not the one signed in.
    planted = client.session
    planted["probe"] = "before"
    planted.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = planted.session_key
    response = client.post(
        LOGIN,
        {"username": "alice", "password": factories.PASSWORD,
         **factories.one_time_code(alice)},
    )  # fmt: skip
    assert response.status_code == 302
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != planted.session_key


def test_weak_passwords_are_refused():
    for weak in ("short1", "password1234", "123456789012"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("a long passphrase about buses")


def test_the_login_page_does_not_say_which_usernames_exist(client, alice):
    known = _attempt(client, "alice", "wrong password", ip="192.0.2.1").content.decode()
    unknown = _attempt(client, "nobody-here", "wrong password", ip="192.0.2.2").content.decode()

    def message(page):
        start = page.index('class="errornote"')
        return page[start : page.index("</p>", start)]

    assert message(known) == message(unknown)


@pytest.mark.parametrize("url", ["/decisions/", "/admin/login/", "/meetings/"])
def test_every_page_has_a_strict_content_security_policy(client, url):
    policy = client.get(url)["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


def test_it_ends_a_deactivated_accounts_sessions_for_good(client, alice):
    client.force_login(alice)
    assert client.get("/admin/decisions/decision/").status_code == 200
    alice.is_active = False
    alice.save()
    alice.is_active = True  # reactivated: the old session must not come back
    alice.save()
    response = client.get("/admin/decisions/decision/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_it_keeps_the_sessions_of_other_accounts(client, alice, bob):
    client.force_login(alice)
    bob.is_active = False
    bob.save()
    assert client.get("/admin/decisions/decision/").status_code == 200
