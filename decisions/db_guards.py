"""Database triggers that keep the record whole: history and audit rows are append-only.

(The freeze of signed decisions is in migration 0003.) PostgreSQL gets one
plpgsql function and a trigger per table; SQLite, which has no functions, a
pair of triggers per table. Both raise an integrity error, so the app sees the
same IntegrityError on either database.
"""

import contextlib
import importlib

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION decisions_refuse_rewriting_the_record() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'The record is append-only: % on % is refused.', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""


def record_tables(apps) -> list[str]:
    """Every history table of the app, and the audit log."""
    models = apps.get_app_config("decisions").get_models()
    tables = [m._meta.db_table for m in models if m.__name__.startswith("Historical")]
    return sorted(tables) + ["decisions_auditevent"]


def postgresql_statements(apps) -> list[str]:
    return [PG_FUNCTION] + [
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION decisions_refuse_rewriting_the_record();"
        for table in record_tables(apps)
    ]


def sqlite_statements(apps) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_append_only_{event.lower()} BEFORE {event} ON {table} "
        "BEGIN SELECT RAISE(ABORT, 'The record is append-only.'); END"
        for table in record_tables(apps)
        for event in ("UPDATE", "DELETE")
    ]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": postgresql_statements, "sqlite": sqlite_statements}.get(vendor)
    for statement in statements(apps) if statements else []:
        schema_editor.execute(statement, params=None)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in record_tables(apps):
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        elif vendor == "sqlite":
            for event in ("update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only_{event}")


@contextlib.contextmanager
def lifted(connection):
    """For bulk loaders and test teardown only: the guard triggers off, then back on.

    Use it outside any transaction (wrapping `transaction.atomic()`), so the
    triggers are restored even when the work inside fails and rolls back.

    PostgreSQL: this session skips user triggers (session_replication_role needs a
    superuser; the triggers stay on for every other session). SQLite: the triggers
    are dropped and created again from their stored SQL.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
            try:
                yield
            finally:
                cursor.execute("SET session_replication_role = DEFAULT")
            return
        if connection.vendor != "sqlite":
            yield
            return
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        triggers = cursor.fetchall()
        for name, _ in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
        try:
            yield
        finally:
            for _, sql in triggers:
                cursor.execute(sql)


def sqlite_drop_all(apps, schema_editor):
    """Before a migration alters a guarded table on SQLite (which rebuilds the table)."""
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        names = [name for (name,) in cursor.fetchall()]
    for name in names:
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{name}"')


def sqlite_create_all(apps, schema_editor):
    """After it: the freeze and append-only triggers again, covering any new column."""
    if schema_editor.connection.vendor != "sqlite":
        return
    freeze = importlib.import_module("decisions.migrations.0003_freeze_signed_decisions")
    for statement in freeze._sqlite_statements(apps) + sqlite_statements(apps):
        schema_editor.execute(statement, params=None)
