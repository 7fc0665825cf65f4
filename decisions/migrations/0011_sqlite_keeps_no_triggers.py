"""SQLite keeps no guard triggers from now on: the app's own guard (decisions/models/
freeze.py) holds the line there, and PostgreSQL's triggers are made in 0012. Drop any
that an older SQLite database still has, so later migrations can rebuild its tables."""

from django.db import migrations


def drop_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        names = [name for (name,) in cursor.fetchall()]
    for name in names:
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("decisions", "0010_published_order_index")]

    operations = [migrations.RunPython(drop_sqlite_triggers, migrations.RunPython.noop)]
