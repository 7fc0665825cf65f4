"""The database itself refuses to change a signed decision or its parts.

The models refuse in Python (save, delete, queryset update); these triggers
hold the same line against raw SQL, on PostgreSQL and on SQLite.
"""

from django.db import migrations

SIGNED = "('signed', 'withdrawn')"
PARTS = {
    "decisions_section": "decision_id",
    "decisions_confidentialpart": "decision_id",
    "decisions_gatewayrow": "decision_id",
    "decisions_backgroundpaper": "decision_id",
    "decisions_annex": "decision_id",
    "decisions_decisionlink": "from_decision_id",
}

DECISION_GUARD = f"""
CREATE OR REPLACE FUNCTION decisions_guard_signed_decision() RETURNS trigger AS $$
DECLARE
  workflow_columns text[] := ARRAY['status', 'withdrawn_at', 'withdrawal_reason', 'updated_at'];
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status IN {SIGNED} THEN
      RAISE EXCEPTION 'Decision % is signed and cannot be deleted.', OLD.reference
        USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status IN {SIGNED} AND (
       NEW.status NOT IN {SIGNED}
       OR (to_jsonb(NEW) - workflow_columns) IS DISTINCT FROM (to_jsonb(OLD) - workflow_columns)
     ) THEN
    RAISE EXCEPTION 'Decision % is signed: its notice cannot change. Propose an amendment.',
      OLD.reference USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER decisions_decision_frozen
  BEFORE UPDATE OR DELETE ON decisions_decision
  FOR EACH ROW EXECUTE FUNCTION decisions_guard_signed_decision();

CREATE OR REPLACE FUNCTION decisions_guard_signed_part() RETURNS trigger AS $$
DECLARE
  parent_ids bigint[];
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    parent_ids := parent_ids || (to_jsonb(OLD) ->> TG_ARGV[0])::bigint;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    parent_ids := parent_ids || (to_jsonb(NEW) ->> TG_ARGV[0])::bigint;
  END IF;
  IF EXISTS (SELECT 1 FROM decisions_decision
             WHERE id = ANY(parent_ids) AND status IN {SIGNED}) THEN
    RAISE EXCEPTION 'This part belongs to a signed decision and cannot change.'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
""" + "".join(
    f"""
CREATE TRIGGER {table}_frozen
  BEFORE INSERT OR UPDATE OR DELETE ON {table}
  FOR EACH ROW EXECUTE FUNCTION decisions_guard_signed_part('{column}');
"""
    for table, column in PARTS.items()
)

DROP = (
    "".join(f"DROP TRIGGER IF EXISTS {table}_frozen ON {table};" for table in PARTS)
    + "DROP TRIGGER IF EXISTS decisions_decision_frozen ON decisions_decision;"
    + "DROP FUNCTION IF EXISTS decisions_guard_signed_part();"
    + "DROP FUNCTION IF EXISTS decisions_guard_signed_decision();"
)


WORKFLOW_COLUMNS = {"status", "withdrawn_at", "withdrawal_reason", "updated_at"}


def _sqlite_statements(apps):
    """SQLite has no jsonb, so the decision trigger names each content column.

    SQLite rebuilds a table to alter it, which these triggers would block: a
    later migration that alters a guarded table must first drop them
    (``_sqlite_drops``) and afterwards create them again (see 0004 and 0005),
    which also covers any new column.
    """
    decision = apps.get_model("decisions", "Decision")
    columns = [
        f.column for f in decision._meta.concrete_fields if f.column not in WORKFLOW_COLUMNS
    ]
    changed = " OR ".join(f'NEW."{c}" IS NOT OLD."{c}"' for c in columns)
    statements = [
        f"""CREATE TRIGGER decisions_decision_frozen_update BEFORE UPDATE ON decisions_decision
        WHEN OLD.status IN {SIGNED} AND (NEW.status NOT IN {SIGNED} OR {changed})
        BEGIN SELECT RAISE(ABORT, 'This decision is signed: its notice cannot change.'); END""",
        f"""CREATE TRIGGER decisions_decision_frozen_delete BEFORE DELETE ON decisions_decision
        WHEN OLD.status IN {SIGNED}
        BEGIN SELECT RAISE(ABORT, 'This decision is signed and cannot be deleted.'); END""",
    ]
    for table, column in PARTS.items():
        for event, rows in (("INSERT", ("NEW",)), ("UPDATE", ("OLD", "NEW")), ("DELETE", ("OLD",))):
            signed_parent = " OR ".join(
                f"EXISTS (SELECT 1 FROM decisions_decision WHERE id = {row}.{column} "
                f"AND status IN {SIGNED})"
                for row in rows
            )
            statements.append(
                f"""CREATE TRIGGER {table}_frozen_{event.lower()} BEFORE {event} ON {table}
                WHEN {signed_parent}
                BEGIN SELECT RAISE(ABORT, 'This part belongs to a signed decision.'); END"""
            )
    return statements


def _sqlite_drops():
    names = ["decisions_decision_frozen_update", "decisions_decision_frozen_delete"] + [
        f"{table}_frozen_{event}" for table in PARTS for event in ("insert", "update", "delete")
    ]
    return [f"DROP TRIGGER IF EXISTS {name}" for name in names]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(DECISION_GUARD, params=None)
    elif vendor == "sqlite":
        for statement in _sqlite_statements(apps):
            schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(DROP, params=None)
    elif vendor == "sqlite":
        for statement in _sqlite_drops():
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("decisions", "0002_roles")]

    operations = [migrations.RunPython(forwards, backwards)]
