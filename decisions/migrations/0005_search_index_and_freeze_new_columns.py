"""A GIN index for full-text search on PostgreSQL, and the SQLite freeze triggers
recreated so they cover the column added in 0004."""

import importlib

from django.db import migrations

INDEX_NAME = "decision_search_gin"


def _freeze():
    return importlib.import_module("decisions.migrations.0003_freeze_signed_decisions")


def _gin_index():
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    # The same expression the register's search uses, so the planner uses the index.
    return GinIndex(SearchVector("search_document", config="english"), name=INDEX_NAME)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.add_index(apps.get_model("decisions", "Decision"), _gin_index())
    elif vendor == "sqlite":
        for statement in _freeze()._sqlite_drops() + _freeze()._sqlite_statements(apps):
            schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("decisions", "Decision"), _gin_index())


class Migration(migrations.Migration):
    dependencies = [("decisions", "0004_notice_documents_and_search")]

    operations = [migrations.RunPython(forwards, backwards)]
