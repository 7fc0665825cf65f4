"""Production settings pass Django's deployment checks; headers and sessions behave."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "p" * 40 + "q" * 20 + "0123456789",
    "ALLOWED_HOSTS": "decisions.example.gov.uk",
    "SITE_URL": "https://decisions.example.gov.uk",
    "OFFICE_EMAIL": "enquiries@decisions.example.gov.uk",
}


def test_check_deploy_passes_at_warning_level(signing_key):
    # As deployed: without the test run's own switches (the browser tests set one).
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    key, certificate = signing_key
    env = {**inherited, **PRODUCTION, "DJANGO_SETTINGS_MODULE": "pccdecisions.settings",
           "SIGNING_KEY_FILE": str(key), "SIGNING_CERTIFICATE_FILE": str(certificate)}  # fmt: skip
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_when_the_signing_key_cannot_be_read():
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {**inherited, **PRODUCTION, "DJANGO_SETTINGS_MODULE": "pccdecisions.settings",
           "SIGNING_KEY_FILE": "/nonexistent/key.pem",
           "SIGNING_CERTIFICATE_FILE": "/nonexistent/certificate.pem"}  # fmt: skip
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode != 0
    assert "decisions.E001" in result.stderr and "/nonexistent/key.pem" in result.stderr


@pytest.mark.django_db
def test_pages_send_the_security_headers(client):
    response = client.get("/decisions/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_security_txt_says_where_to_report(client):
    body = client.get("/.well-known/security.txt").content.decode()
    assert "Contact: mailto:" in body and "Expires: " in body and body.endswith("\n")


@pytest.mark.django_db
def test_a_deactivated_user_loses_their_session_at_once(client, alice):
    client.force_login(alice)
    assert client.get("/admin/decisions/decision/").status_code == 200
    alice.is_active = False
    alice.save()
    response = client.get("/admin/decisions/decision/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_sessions_expire_after_inactivity_and_are_refreshed_by_use(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
