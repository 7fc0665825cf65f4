"""`verify_register` checks a register from outside, as anyone can: it passes on an
honest register and names the first failure on each kind of tampering (a changed PDF
byte, a changed log row, a deleted row, a reordered pair, a cut-short log, another
key). Changing the database needs its guards switched off, as an attacker with the
superuser would."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from decisions import office_key
from decisions.db_guards import lifted
from decisions.models import LogEntry
from tests.test_transparency import _register

pytestmark = pytest.mark.django_db


def _verify(url, *args):
    from io import StringIO

    out = StringIO()
    call_command("verify_register", url, *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_verify_register_passes_on_the_demo(live_server, transactional_db):
    from decisions.demo import load_demo

    load_demo()
    assert "OK: 1 log entries chain" in _verify(live_server.url)


@pytest.fixture
def served(live_server, transactional_db, alice, carol, board):
    _register(alice, carol, board)
    assert "5 PDFs" in _verify(live_server.url)
    return live_server.url


def _fails(url, *args) -> str:
    with pytest.raises(CommandError) as failure:
        _verify(url, *args)
    return str(failure.value)


def _sql(statement, params=()):
    with lifted(connection), connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.mark.django_db(transaction=True)
def test_a_changed_pdf_byte_fails_verification(served):
    entry = LogEntry.objects.get(sequence=3)
    document = entry.version.document
    path = document.file.path
    data = bytearray(open(path, "rb").read())  # noqa: SIM115
    data[len(data) // 2] ^= 0x01
    open(path, "wb").write(data)  # noqa: SIM115
    message = _fails(served)
    assert "Entry 3" in message and "The file is not the one published" in message


@pytest.mark.django_db(transaction=True)
def test_a_changed_log_row_fails_verification(served):
    _sql("UPDATE decisions_logentry SET reference = 'SOMETHING ELSE' WHERE sequence = 2")
    message = _fails(served)
    assert "Entry 2" in message and "changed after it was logged" in message


@pytest.mark.django_db(transaction=True)
def test_a_deleted_log_row_fails_verification(served):
    _sql("DELETE FROM decisions_logentry WHERE sequence = 2")
    message = _fails(served)
    assert "sequence number is 3, not 2" in message


@pytest.mark.django_db(transaction=True)
def test_a_reordered_pair_fails_verification(served):
    _sql("UPDATE decisions_logentry SET sequence = 100 WHERE sequence = 2")
    _sql("UPDATE decisions_logentry SET sequence = 2 WHERE sequence = 3")
    _sql("UPDATE decisions_logentry SET sequence = 3 WHERE sequence = 100")
    message = _fails(served)
    assert "Entry 2" in message and "removed, added or reordered" in message


@pytest.mark.django_db(transaction=True)
def test_a_log_cut_short_fails_against_the_head_the_office_signed(served):
    # The served head was signed when entry 5 was the last; removing it leaves the
    # signature vouching for an entry the log no longer has.
    _sql("DELETE FROM decisions_logentry WHERE sequence = 5")
    assert "The signed head of the log is not its last entry" in _fails(served)


@pytest.mark.django_db(transaction=True)
def test_another_key_fails_verification(served, tmp_path):
    other_key, other_certificate = tmp_path / "k.pem", tmp_path / "c.pem"
    office_key.make_development_key(other_key, other_certificate, organisation="Impostor")
    message = _fails(served, "--certificate", str(other_certificate))
    assert "not the office's" in message


def test_verify_register_says_clearly_when_the_register_cannot_be_reached():
    assert "could not be fetched" in _fails("http://127.0.0.1:9/")
