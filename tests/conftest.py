"""Shared test setup: named users for each role, and a private media folder.

alice drafts, bob sits on the board, carol is the Commissioner, and dave is a
staff member with no role. The public is Django's anonymous client.
"""

import importlib

import pytest
from django.contrib.auth.models import Group

from decisions import roles
from tests import factories


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Real hashing costs ~0.2 s a user; tests make thousands of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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


@pytest.fixture
def frozen_rows_released(transactional_db):
    """For tests that commit: let the teardown flush empty tables holding signed decisions.

    PostgreSQL's flush truncates, which row triggers do not see; SQLite's deletes
    row by row, which its freeze triggers rightly refuse. So, just before the flush,
    lift the SQLite triggers, mark every decision a draft, and put the triggers back.
    """
    yield
    from django.apps import apps
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    freeze = importlib.import_module("decisions.migrations.0003_freeze_signed_decisions")
    with connection.cursor() as cursor:
        for statement in freeze._sqlite_drops():
            cursor.execute(statement)
        cursor.execute("UPDATE decisions_decision SET status = 'draft'")
        for statement in freeze._sqlite_statements(apps):
            cursor.execute(statement)
