"""The database's own copy of the freeze: PostgreSQL triggers generated from GUARDS.

`postgresql_sql()` turns the one declaration (decisions/models/freeze.py) into SQL:
one plpgsql function per rule, then for every guarded table one row trigger and
one trigger that refuses TRUNCATE. A migration holds the generated text as it was
on the day (never this live code), and tests/test_db_guards.py fails when the
declaration and the latest guard migration disagree: then add a migration with
`python manage.py guard_migration`.

SQLite keeps no triggers: see the README.
"""

import contextlib

from decisions.models.freeze import (
    FROZEN_STATES,
    SEARCH_COLUMNS,
    WITHDRAWAL_COLUMNS,
    Rule,
    all_guards,
)

_SIGNED = "(" + ", ".join(f"'{state}'" for state in FROZEN_STATES) + ")"


def _array(columns) -> str:
    return "ARRAY[" + ", ".join(f"'{column}'" for column in columns) + "]"


_WITHDRAWAL = _array(WITHDRAWAL_COLUMNS)
_SEARCH = _array(SEARCH_COLUMNS)


# The end of a guard that found nothing to refuse: the row goes on as it was.
_LET_THROUGH = """  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""


def _refuse_insert_if(condition: str, what: str) -> str:
    """A row that only the workflow may bring into a signed state is never inserted so."""
    return (
        "  IF TG_OP = 'INSERT' THEN\n"
        f"    IF {condition} THEN\n"
        f"      RAISE EXCEPTION '{what} is signed by the workflow, never created signed.'\n"
        "        USING ERRCODE = 'integrity_constraint_violation';\n"
        "    END IF;\n"
        "    RETURN NEW;\n"
        "  END IF;"
    )


FUNCTIONS = {
    Rule.SIGNED_DECISION: f"""
CREATE FUNCTION decisions_guard_signed_decision() RETURNS trigger AS $$
BEGIN
{_refuse_insert_if(f"NEW.status IN {_SIGNED}", "A decision")}
  IF OLD.status NOT IN {_SIGNED} THEN
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'Decision % is signed and cannot be deleted.', OLD.reference
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  -- A signed decision's one change: its withdrawal, with the reason the
  -- Commissioner signed, and nothing else.
  IF OLD.status = 'signed' AND NEW.status = 'withdrawn' AND NEW.withdrawn_at IS NOT NULL
     AND (to_jsonb(NEW) - {_WITHDRAWAL}) = (to_jsonb(OLD) - {_WITHDRAWAL})
     AND EXISTS (SELECT 1 FROM decisions_amendment a
                 WHERE a.decision_id = NEW.id AND a.kind = 'withdrawal'
                   AND a.signed_at IS NOT NULL AND a.change_note = NEW.withdrawal_reason) THEN
    RETURN NEW;
  END IF;
  -- Its search columns, derived from the published versions, take a later version's
  -- words; nothing else changes with them.
  IF (to_jsonb(NEW) - {_SEARCH}) = (to_jsonb(OLD) - {_SEARCH}) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'Decision % is signed: its notice cannot change. Propose an amendment.',
    OLD.reference USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
""",
    Rule.PART_OF_SIGNED: f"""
CREATE FUNCTION decisions_guard_part_of_signed() RETURNS trigger AS $$
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
             WHERE id = ANY(parent_ids) AND status IN {_SIGNED}) THEN
    RAISE EXCEPTION 'This part belongs to a signed decision and cannot change.'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
{_LET_THROUGH}""",
    Rule.SIGNED_AMENDMENT: f"""
CREATE FUNCTION decisions_guard_signed_amendment() RETURNS trigger AS $$
BEGIN
{_refuse_insert_if("NEW.signed_at IS NOT NULL", "An amendment")}
  IF OLD.signed_at IS NOT NULL THEN
    RAISE EXCEPTION 'This amendment is signed and published: it never changes.'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
{_LET_THROUGH}""",
    Rule.APPEND_ONLY: """
CREATE FUNCTION decisions_guard_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'The record is append-only: % on % is refused.', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
""",
}

TRUNCATE_FUNCTION = """
CREATE FUNCTION decisions_refuse_truncate() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'The record is kept for ever: TRUNCATE on % is refused.', TG_TABLE_NAME
    USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""

_EVENTS = {
    Rule.SIGNED_DECISION: "INSERT OR UPDATE OR DELETE",
    Rule.PART_OF_SIGNED: "INSERT OR UPDATE OR DELETE",
    Rule.SIGNED_AMENDMENT: "INSERT OR UPDATE OR DELETE",
    Rule.APPEND_ONLY: "UPDATE OR DELETE",
}
_FUNCTION_NAMES = {
    Rule.SIGNED_DECISION: "decisions_guard_signed_decision",
    Rule.PART_OF_SIGNED: "decisions_guard_part_of_signed",
    Rule.SIGNED_AMENDMENT: "decisions_guard_signed_amendment",
    Rule.APPEND_ONLY: "decisions_guard_append_only",
}


def _triggers(table: str, guard) -> str:
    function = _FUNCTION_NAMES[guard.rule]
    argument = f"'{guard.parent}'" if guard.parent else ""
    return (
        f"CREATE TRIGGER {table}_guard BEFORE {_EVENTS[guard.rule]} ON {table}\n"
        f"  FOR EACH ROW EXECUTE FUNCTION {function}({argument});\n"
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}\n"
        "  FOR EACH STATEMENT EXECUTE FUNCTION decisions_refuse_truncate();\n"
    )


def guarded_tables(app_registry=None) -> list[tuple[str, object]]:
    return sorted(
        ((model._meta.db_table, guard) for model, guard in all_guards(app_registry)),
        key=lambda pair: pair[0],
    )


def postgresql_sql(app_registry=None) -> str:
    """Every guard function and trigger, as one script."""
    parts = [TRUNCATE_FUNCTION, *FUNCTIONS.values()]
    parts += [_triggers(table, guard) for table, guard in guarded_tables(app_registry)]
    return "".join(parts)


# Every guard function this app has ever created (0003 and 0007 made the first two):
# a guard migration drops them all, with their triggers, before creating its own.
ALL_FUNCTION_NAMES = (
    "decisions_guard_signed_decision",
    "decisions_guard_signed_part",
    "decisions_refuse_rewriting_the_record",
    "decisions_refuse_truncate",
    "decisions_counter_number_is_taken",
    # The reference counter's (0012 to 0014); numbers now follow the series' highest.
    "decisions_guard_counter",
    *_FUNCTION_NAMES.values(),
)


def postgresql_reset_sql() -> str:
    names = dict.fromkeys(ALL_FUNCTION_NAMES)  # in order, once each
    return "".join(f"DROP FUNCTION IF EXISTS {name}() CASCADE;\n" for name in names)


@contextlib.contextmanager
def lifted(connection):
    """PostgreSQL's guards, off for this session only: for a bulk load of made-up signed
    rows (the benchmark's), a test playing an attacker, or a test's teardown. Needs the
    database's superuser, which the app's own role never is. Use outside any transaction,
    so the triggers come back on even if the work fails. SQLite keeps no triggers."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        try:
            yield
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")
