"""Shared test setup: named users for each role, and a private media folder.

alice drafts, bob sits on the board, carol is the Commissioner, and dave is a
staff member with no role. The public is Django's anonymous client.
"""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group

from decisions import roles
from tests import factories


def pytest_collection_modifyitems(config, items):
    """Tests of PostgreSQL's triggers cannot run on SQLite, which keeps none: on SQLite
    they are left out (and counted in the summary), never skipped as if they had run."""
    if "postgresql" in django_settings.DATABASES["default"]["ENGINE"]:
        return
    needs_postgresql = [item for item in items if item.get_closest_marker("postgresql")]
    if needs_postgresql:
        config.hook.pytest_deselected(items=needs_postgresql)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]


@pytest.fixture(scope="session")
def signing_key(tmp_path_factory):
    """One untrusted key and certificate for the whole run, as `make run` makes one."""
    from decisions import office_key

    directory = tmp_path_factory.mktemp("signing")
    key, certificate = directory / "key.pem", directory / "certificate.pem"
    office_key.make_development_key(key, certificate, organisation="Test office")
    return key, certificate


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path, signing_key):
    # The demo office's name, words and numbering, as `make test` exports them, so the
    # suite reads the same however pytest is started.
    from decisions.demo import office_settings

    for name, value in office_settings().items():
        setattr(settings, name, value)
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SIGNING_KEY_FILE, settings.SIGNING_CERTIFICATE_FILE = signing_key
    # Background work runs at once, in the test's own thread and transaction;
    # tests of the worker itself choose the database queue.
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "never_run": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"},
    }
    # Real hashing costs ~0.2 s a user; tests make thousands of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each test's database starts again at register version 1, so a page cached
    # by an earlier test would look fresh: start every test with an empty cache.
    from django.core.cache import caches

    caches["default"].clear()


@pytest.fixture(autouse=True)
def _pdfs_unmade_where_never_read(request, monkeypatch, _test_settings):
    """A module marked `pdfs_unmade` never reads a notice's PDF: there signing still
    queues it, on a queue that keeps it and never runs it. Rendering and signing a PDF
    is about 40% of what the suite costs; every other module makes each one."""
    if request.node.get_closest_marker("pdfs_unmade"):
        from decisions import tasks

        monkeypatch.setattr(
            tasks, "publish_version", tasks.publish_version.using(backend="never_run")
        )


@pytest.fixture(autouse=True)
def _force_login_passes_two_factor(monkeypatch):
    """In tests of other things, force_login also completes the second factor, as a
    real sign-in would; tests/test_two_factor.py signs in the long way, and uses
    force_login(user, verified=False) for a session without it."""
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None, verified=True):
        original(self, user, backend)
        if verified:
            from django_otp import DEVICE_ID_SESSION_KEY

            from decisions import two_factor

            session = self.session
            session[DEVICE_ID_SESSION_KEY] = two_factor.authenticator(user).persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def alice(db):
    return factories.user("alice", roles.DRAFTER)


@pytest.fixture
def bob(db, board):
    user = factories.user("bob", roles.BOARD_MEMBER)
    board.members.add(user)
    return user


@pytest.fixture
def carol(db):
    user = factories.user("carol", roles.COMMISSIONER)
    factories.signatory(user=user)
    return user


@pytest.fixture
def dave(db):
    return factories.user("dave", None)


@pytest.fixture
def admin_user(db):
    return factories.user("root", None, superuser=True)


@pytest.fixture
def board(db):
    return factories.board()


@pytest.fixture
def demo(db):
    from decisions.demo import load_demo

    return load_demo()


def client_for(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def as_alice(client, alice):
    return client_for(client, alice)


@pytest.fixture
def as_admin(client, admin_user):
    return client_for(client, admin_user)


def group(name):
    return Group.objects.get(name=name)


@pytest.fixture(scope="session", autouse=True)
def _flush_past_the_guards():
    """Let a committing test's teardown empty the tables. PostgreSQL's flush truncates,
    which the guards rightly refuse: in tests, and only here, they are lifted for it."""
    from django.core.management.commands import flush

    original = flush.Command.handle

    def handle(self, *args, **options):
        from django.db import connections

        from decisions.db_guards import lifted

        with lifted(connections[options.get("database") or "default"]):
            result = original(self, *args, **options)
        _restore_rows_made_by_migrations()
        return result

    flush.Command.handle = handle
    yield
    flush.Command.handle = original


def _restore_rows_made_by_migrations():
    """A flush empties every table, including the rows data migrations made: put back
    the roles and the register's version row, as a fresh database has them."""
    from django.contrib.auth.models import Group, Permission

    from decisions.models import RegisterVersion
    from decisions.roles import ensure_groups

    ensure_groups(Group, Permission)
    RegisterVersion.objects.get_or_create(pk=1)
