"""For tests only: switch PostgreSQL's guard triggers off in this session, as an
attacker with the database's superuser would, or as a test's teardown must to empty
the tables. SQLite keeps no triggers, so there it changes nothing."""

import contextlib


@contextlib.contextmanager
def lifted(connection):
    """Use outside any transaction, so the triggers come back on even if the work fails."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        # Needs a superuser (as CI's postgres is): the app's own role never could.
        cursor.execute("SET session_replication_role = replica")
        try:
            yield
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")
