"""The benchmark's PostgreSQL database: seeded once with COUNT decisions, kept after."""

import subprocess
import time

from django.core.management import call_command
from django.db import connection, connections

from bench.accounts import BENCH_SIGNATORY
from bench.config import COUNT, DATABASE
from bench.seeding import seed_register

_PG = ["-h", "127.0.0.1", "-U", "postgres"]


def _exists() -> bool:
    query = f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'"  # noqa: S608 - a setting
    out = subprocess.run(["psql", *_PG, "-tAc", query], capture_output=True, text=True, check=True)
    return bool(out.stdout.strip())


def _seeded() -> int:
    """The seeded register, without the heavy notices earlier runs signed."""
    from decisions.models import Decision

    return Decision.objects.published().exclude(signed_name=BENCH_SIGNATORY).count()


def _afresh():
    connections.close_all()
    subprocess.run(["dropdb", *_PG, "--if-exists", DATABASE], check=True)
    subprocess.run(["createdb", *_PG, DATABASE], check=True)


def prepare():
    if not _exists():
        subprocess.run(["createdb", *_PG, DATABASE], check=True)
    call_command("migrate", "--no-input", verbosity=0)
    call_command("make_signing_key")
    have = _seeded()
    if have != COUNT:
        print(f"Seeding {COUNT} decisions (had {have}); this takes a while...", flush=True)
        _afresh()
        call_command("migrate", "--no-input", verbosity=0)
        started = time.monotonic()
        seed_register(COUNT, batch=2000)
        print(f"Seeded in {time.monotonic() - started:.0f} s", flush=True)
    # Fresh statistics (and a visibility map for index-only counts), as autovacuum
    # would give a live database.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    call_command("collectstatic", "--no-input", verbosity=0)
