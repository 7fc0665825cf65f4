"""The demo loads on every start without duplicating anything or undoing users' changes."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from decisions.models import BoardMeeting, Contact, Decision, Section, Signatory

pytestmark = pytest.mark.django_db


def _counts():
    models = (Decision, Section, Contact, Signatory, BoardMeeting, Decision.history.model)
    return [model.objects.count() for model in models]


def test_loading_twice_changes_nothing(demo, capsys):
    before = _counts()
    call_command("load_demo")
    assert _counts() == before
    assert "already loaded, nothing changed" in capsys.readouterr().out


def test_it_prints_a_working_password_for_each_role(db, capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    for username, password in (
        ("drafter", "drafter-demo-password"),
        ("board", "board-demo-password"),
        ("commissioner", "commissioner-demo-password"),
        ("admin", "admin-demo-password"),
    ):
        assert f"username {username}" in out and password in out
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
