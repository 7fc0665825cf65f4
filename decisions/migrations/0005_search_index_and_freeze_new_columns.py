"""A GIN index for full-text search on PostgreSQL (replaced by 0009's).

It once also recreated SQLite's freeze triggers: SQLite now keeps none.
"""

from django.db import migrations

INDEX_NAME = "decision_search_gin"
CREATE = (
    f"CREATE INDEX {INDEX_NAME} ON decisions_decision "
    "USING GIN (to_tsvector('english'::regconfig, COALESCE(search_document, '')))"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [("decisions", "0004_notice_documents_and_search")]

    operations = [migrations.RunPython(forwards, backwards)]
