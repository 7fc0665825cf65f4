"""A notice's page is made once, when its notice is published, and served as made with
no database; it is made again whenever what it shows changes, and never served after
the code or settings that drew it changed."""

from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from decisions import made_pages, workflow
from decisions.models import DecisionLink, DecisionStatus
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Run what publishing leaves for after the commit, as the worker's commit would."""

    def published(make):
        with django_capture_on_commit_callbacks(execute=True):
            return make()

    return published


@pytest.fixture
def signed(publish, alice, carol, board):
    return publish(
        lambda: factories.in_state(
            DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board,
            title="Rural crime partnership",
        )
    )  # fmt: skip


def test_it_serves_the_page_as_the_view_drew_it_without_the_database(
    client, signed, django_assert_num_queries, settings
):
    url = signed.get_absolute_url()
    # The page is made as a reader of the site's own address gets it (its canonical link).
    site = {"HTTP_HOST": urlsplit(settings.SITE_URL).netloc}
    with django_assert_num_queries(0):
        made = client.get(url, **site)
    made_pages._path(signed.slug).unlink()
    drawn = client.get(url, **site)
    assert made.status_code == drawn.status_code == 200
    assert made.content == drawn.content and b"Rural crime partnership" in made.content
    assert dict(made.items()) == dict(drawn.items())  # the CSP and every other header
    assert "Content-Security-Policy" in made


def test_it_makes_the_page_again_when_an_amendment_is_published(
    client, publish, signed, alice, carol
):
    workflow.propose_amendment(signed, by=alice, change_note="The sum rises to £2m.")
    publish(lambda: workflow.sign_amendment(signed, by=carol))
    page = client.get(signed.get_absolute_url()).content.decode()
    assert "The sum rises to £2m." in page


def test_it_makes_a_cited_decisions_page_again_when_a_later_one_is_published(
    client, publish, signed, alice, carol, board
):
    later = factories.in_state(
        DecisionStatus.READY, drafter=alice, commissioner=carol, board_=board,
        title="Rural crime partnership, second year",
    )  # fmt: skip
    DecisionLink.objects.create(from_decision=later, to_decision=signed)
    publish(lambda: workflow.sign(later, by=carol, declaration="none"))
    page = client.get(signed.get_absolute_url()).content.decode()
    assert "Rural crime partnership, second year" in page


def test_staff_and_a_changed_site_get_the_page_drawn_afresh(
    client, signed, carol, monkeypatch, django_assert_max_num_queries
):
    made_pages._path(signed.slug).write_bytes(b'{"Content-Type": "text/html"}\nSTALE')
    assert client.get(signed.get_absolute_url()).content == b"STALE"
    client.force_login(carol)
    assert b"STALE" not in client.get(signed.get_absolute_url()).content
    client.logout()
    monkeypatch.setattr(made_pages, "fingerprint", lambda: "another-deploy")
    assert b"STALE" not in client.get(signed.get_absolute_url()).content


def test_make_pages_makes_every_page_and_removes_old_ones(signed, settings, tmp_path):
    old = made_pages._folder() / "an-old-deploy"
    old.mkdir(parents=True)
    made_pages._path(signed.slug).unlink()
    call_command("make_pages", verbosity=0)
    assert made_pages._path(signed.slug).is_file()
    assert not old.exists()
