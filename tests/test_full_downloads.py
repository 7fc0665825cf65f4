"""The whole register downloads whole: every row of the CSV and JSON that parses,
streamed a chunk of rows at a time, and never cut off by gunicorn's timeout.

gunicorn's sync workers are killed when one request outlasts `timeout` (30 s), so
under the README's production command /decisions.csv once stopped after 33,842 of
100,010 rows, answering 200 with a file that ended on a row boundary and looked
complete. gunicorn.conf.py now runs threaded workers, which keep telling gunicorn
they are alive while a thread streams.
"""

import csv
import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from bench.seeding import seed_register
from decisions.public import exports
from tests.slow_download_app import LINES

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_it_lets_a_download_outlast_gunicorns_timeout():
    """gunicorn as the README starts it (from the project's directory, so with its
    gunicorn.conf.py), with a 3-second timeout, streaming for 5 seconds."""
    port = _free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "tests.slow_download_app:app", "--bind", f"127.0.0.1:{port}",
         "--timeout", "3", "--workers", "1", "--log-level", "warning"],
        cwd=ROOT, env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        body = b""
        for _ in range(100):
            try:
                url = f"http://127.0.0.1:{port}/"
                with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - ours
                    body = response.read()
                break
            except (ConnectionError, urllib.error.URLError):
                time.sleep(0.2)
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)
    assert body.decode().splitlines() == [f"line {n}" for n in range(1, LINES + 1)]
    assert b"WORKER TIMEOUT" not in errors


@pytest.fixture
def register(db):
    """More decisions than one chunk of the streamed exports."""
    seed_register(exports.CHUNK_SIZE * 2 + 7, years=3, batch=500, report=lambda *a: None)
    return exports.CHUNK_SIZE * 2 + 7


def _download(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200 and response.streaming
    return b"".join(response.streaming_content)


def test_it_puts_every_decision_in_the_csv(client, register):
    rows = list(csv.reader(io.StringIO(_download(client, "/decisions.csv").decode())))
    assert rows[0][0] == "reference"
    assert len(rows) - 1 == register
    assert len({row[0] for row in rows[1:]}) == register  # each once


def test_it_puts_every_decision_in_json_that_parses(client, register):
    payload = json.loads(_download(client, "/decisions.json"))
    assert len(payload["decisions"]) == register
    assert len({row["reference"] for row in payload["decisions"]}) == register
