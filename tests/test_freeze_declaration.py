"""The freeze is declared once: the database's triggers are generated from it, and the
migration that creates them holds that text as it was generated."""

import importlib
from pathlib import Path

from decisions import db_guards
from decisions.models import freeze

MIGRATIONS = Path(__file__).resolve().parent.parent / "decisions" / "migrations"


def test_the_latest_guard_migration_holds_the_sql_the_declaration_gives_today():
    latest = sorted(MIGRATIONS.glob("*_database_guards.py"))[-1]
    module = importlib.import_module(f"decisions.migrations.{latest.stem}")
    assert module.GUARD_SQL.strip() == db_guards.postgresql_sql().strip(), (
        "GUARDS changed: run `python manage.py guard_migration` to write a new migration."
    )


def test_no_migration_imports_live_code_of_the_app():
    for path in MIGRATIONS.glob("0*.py"):
        text = path.read_text()
        assert "from decisions import" not in text, path.name
        assert "importlib" not in text, path.name


def test_every_history_table_and_every_part_is_guarded():
    guarded = {model for model, _ in freeze.all_guards()}
    assert set(freeze.history_models()) <= guarded
    from decisions.models import ConfidentialPart, Decision, DecisionLink, Section

    assert {Decision, Section, ConfidentialPart, DecisionLink} <= guarded
    tables = {table for table, _ in db_guards.guarded_tables()}
    assert "decisions_historicaldecision" in tables and "decisions_logentry" in tables
