"""Write a migration that holds today's database guards as SQL (see decisions/db_guards.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.db.migrations.loader import MigrationLoader

from decisions import db_guards

TEMPLATE = '''"""The database guards of decisions/models/freeze.py GUARDS, as SQL: PostgreSQL only.

Written by `python manage.py guard_migration`. The SQL is this migration's own text,
never live code: when the declaration changes, write a new guard migration.
"""

from django.db import migrations

RESET_SQL = """
{reset}"""

GUARD_SQL = """
{guard}"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(RESET_SQL + GUARD_SQL, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(RESET_SQL, params=None)


class Migration(migrations.Migration):
    dependencies = [("decisions", "{previous}")]

    operations = [migrations.RunPython(forwards, backwards)]
'''


class Command(BaseCommand):
    help = "Write a new migration holding the PostgreSQL guards generated from GUARDS."

    def handle(self, *args, **options):
        loader = MigrationLoader(None, ignore_no_migrations=True)
        leaves = loader.graph.leaf_nodes("decisions")
        previous = leaves[0][1]
        number = int(previous.split("_", 1)[0]) + 1
        path = (
            Path(__file__).resolve().parents[2] / "migrations" / f"{number:04d}_database_guards.py"
        )
        path.write_text(
            TEMPLATE.format(
                reset=db_guards.postgresql_reset_sql(),
                guard=db_guards.postgresql_sql().lstrip("\n"),
                previous=previous,
            )
        )
        self.stdout.write(f"Wrote {path.name}")
