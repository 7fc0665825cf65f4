"""History and audit rows are append-only (PostgreSQL). Superseded by 0012's guards.

It once also made SQLite triggers: SQLite now keeps none.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION decisions_refuse_rewriting_the_record() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'The record is append-only: % on % is refused.', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""


def _tables(apps):
    models = apps.get_app_config("decisions").get_models()
    tables = [m._meta.db_table for m in models if m.__name__.startswith("Historical")]
    return sorted(tables) + ["decisions_auditevent"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table in _tables(apps):
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION decisions_refuse_rewriting_the_record();"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in _tables(apps):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")


class Migration(migrations.Migration):
    dependencies = [("decisions", "0006_audit_log")]

    operations = [migrations.RunPython(forwards, backwards)]
