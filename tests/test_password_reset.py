"""Staff reset a forgotten password by email: no hint of which addresses have
accounts, a link on the register's own address, limited, and in the audit log."""

import re

import pytest

from decisions.models import AuditAction, AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db
RESET = "/admin/password_reset/"


@pytest.fixture(autouse=True)
def _fresh_limits():
    from django.core.cache import cache

    cache.clear()


def test_it_links_to_the_reset_from_the_sign_in_page(client):
    assert f'href="{RESET}"' in client.get("/admin/login/").content.decode()


def test_it_answers_the_same_for_an_address_with_no_account(client, alice, mailoutbox):
    known = client.post(RESET, {"email": alice.email})
    unknown = client.post(RESET, {"email": "nobody@office.example"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [m.to for m in mailoutbox] == [[alice.email]]


def test_it_mails_a_link_on_the_site_url_that_sets_a_new_password(
    client, alice, mailoutbox, settings
):
    settings.SITE_URL = "https://decisions.example.gov.uk"
    client.post(RESET, {"email": alice.email})
    link = re.search(r"https://decisions\.example\.gov\.uk(/admin/reset/\S+/)", mailoutbox[0].body)
    assert link, mailoutbox[0].body
    form = client.get(link.group(1), follow=True)
    new = "a new and long passphrase 2026"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(new)
    assert AuditEvent.objects.filter(action=AuditAction.PASSWORD_RESET, user=alice).exists()


def test_it_limits_requests_for_one_address_and_says_so(client, alice, mailoutbox):
    answers = [client.post(RESET, {"email": alice.email}).status_code for _ in range(5)]
    assert answers == [302, 302, 302, 429, 429]
    assert len(mailoutbox) == 3
    refused = AuditEvent.objects.filter(action=AuditAction.RESET_REQUESTED, username=alice.email)
    assert refused.filter(detail__startswith="refused").count() == 2


def test_it_limits_requests_from_one_place(client, mailoutbox):
    answers = {
        client.post(RESET, {"email": f"someone{n}@office.example"}).status_code for n in range(11)
    }
    assert answers == {302, 429}


def test_it_sends_an_account_yet_to_choose_a_password_its_link(client, mailoutbox):
    # Every account signs in here, so one without a password is one whose invitation
    # lapsed (tests/test_new_staff.py), not one that signs in somewhere else.
    user = factories.user("erin", None)
    user.set_unusable_password()
    user.save()
    client.post(RESET, {"email": user.email})
    assert [m.to for m in mailoutbox] == [[user.email]]


def test_it_sends_nothing_to_an_inactive_account(client, mailoutbox):
    user = factories.user("erin", None)
    user.is_active = False
    user.save()
    client.post(RESET, {"email": user.email})
    assert mailoutbox == []
