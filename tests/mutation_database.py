"""For `make mutation` only (`-p tests.mutation_database --reuse-db`): a SQLite test
database kept in a file between pytest runs.

mutmut starts pytest once for every mutant, and building the database from the
migrations each time would be most of the run: with `--reuse-db` the file made by
the first run is used again. Each test still rolls back or flushes what it wrote.
"""

from pathlib import Path


def pytest_sessionstart(session):
    from django.db import connections

    database = connections["default"].settings_dict
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database["TEST"]["NAME"] = str(Path.cwd() / "mutation-tests.sqlite3")
