"""The database itself refuses to change a signed decision or its parts (PostgreSQL).

Superseded by the generated guards of 0012; kept as it ran. (It once made SQLite
triggers too: SQLite now keeps none, and 0011 drops any an older database has.)
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


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DECISION_GUARD, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("decisions", "0002_roles")]

    operations = [migrations.RunPython(forwards, backwards)]
