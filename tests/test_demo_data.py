"""The demo loads on every start without duplicating anything or undoing users' changes."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from decisions.models import BoardMeeting, Contact, Decision, Section, Signatory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _development(settings):
    settings.DEBUG = True  # the demo loads only in development


def _counts():
    models = (Decision, Section, Contact, Signatory, BoardMeeting, Decision.history.model)
    return [model.objects.count() for model in models]


def test_loading_twice_changes_nothing(demo, capsys):
    before = _counts()
    call_command("load_demo")
    assert _counts() == before
    assert "already loaded, nothing changed" in capsys.readouterr().out


def test_it_prints_a_working_password_and_codes_for_each_role(db, capsys, client):
    call_command("load_demo")
    out = capsys.readouterr().out
    for username, password in (
        ("drafter", "drafter-demo-password"),
        ("board", "board-demo-password"),
        ("commissioner", "commissioner-demo-password"),
        ("admin", "admin-demo-password"),
    ):
        line = next(
            line for line in out.splitlines() if f" {username} " in line and "codes" in line
        )
        assert password in line
        request = RequestFactory().post("/admin/login/")
        assert authenticate(request, username=username, password=password) is not None


def test_it_leaves_a_users_edits_in_the_demo_alone(demo):
    draft = Decision.objects.get(reference__isnull=True)
    draft.title = "Edited in the demo"
    draft.save()
    call_command("load_demo")
    assert Decision.objects.filter(title="Edited in the demo").exists()
    assert Decision.objects.count() == 2


def test_there_is_always_a_next_meeting_to_put_a_draft_to(demo):
    from django.utils import timezone

    assert BoardMeeting.objects.filter(date__gt=timezone.localdate()).exists()


def test_a_printed_backup_code_signs_a_demo_user_in(db, capsys, client):
    call_command("load_demo")
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if " drafter " in line and "codes" in line)
    code = line.split("codes ")[1].split(", ")[0].strip()
    response = client.post(
        "/admin/login/",
        {"username": "drafter", "password": "drafter-demo-password", "code": code},
    )
    assert response.status_code == 302
    assert client.get("/admin/decisions/decision/").status_code == 200


def test_it_prints_the_sign_in_address_of_this_server(db, capsys, settings):
    settings.SITE_URL = "http://127.0.0.1:8401"
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "sign in at http://127.0.0.1:8401/admin/" in out and ":8000" not in out
