"""The database guards of decisions/models/freeze.py GUARDS, as SQL: PostgreSQL only.

Written by `python manage.py guard_migration`. The SQL is this migration's own text,
never live code: when the declaration changes, write a new guard migration.
"""

from django.db import migrations

RESET_SQL = """
DROP FUNCTION IF EXISTS decisions_guard_signed_decision() CASCADE;
DROP FUNCTION IF EXISTS decisions_guard_signed_part() CASCADE;
DROP FUNCTION IF EXISTS decisions_refuse_rewriting_the_record() CASCADE;
DROP FUNCTION IF EXISTS decisions_refuse_truncate() CASCADE;
DROP FUNCTION IF EXISTS decisions_counter_number_is_taken() CASCADE;
DROP FUNCTION IF EXISTS decisions_guard_counter() CASCADE;
DROP FUNCTION IF EXISTS decisions_guard_part_of_signed() CASCADE;
DROP FUNCTION IF EXISTS decisions_guard_signed_amendment() CASCADE;
DROP FUNCTION IF EXISTS decisions_guard_append_only() CASCADE;
"""

GUARD_SQL = """
CREATE FUNCTION decisions_refuse_truncate() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'The record is kept for ever: TRUNCATE on % is refused.', TG_TABLE_NAME
    USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION decisions_guard_signed_decision() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.status IN ('signed', 'withdrawn', 'deferred', 'withdrawn_unsigned', 'not_published') THEN
      RAISE EXCEPTION 'A decision is signed by the workflow, never created signed.'
        USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF OLD.status NOT IN ('signed', 'withdrawn', 'deferred', 'withdrawn_unsigned', 'not_published') THEN
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
     AND (to_jsonb(NEW) - ARRAY['status', 'withdrawn_at', 'withdrawal_reason', 'updated_at']) = (to_jsonb(OLD) - ARRAY['status', 'withdrawn_at', 'withdrawal_reason', 'updated_at'])
     AND EXISTS (SELECT 1 FROM decisions_amendment a
                 WHERE a.decision_id = NEW.id AND a.kind = 'withdrawal'
                   AND a.signed_at IS NOT NULL AND a.change_note = NEW.withdrawal_reason) THEN
    RETURN NEW;
  END IF;
  -- Its search columns, derived from the published versions, take a later version's
  -- words; nothing else changes with them.
  IF (to_jsonb(NEW) - ARRAY['search_document', 'search_vector']) = (to_jsonb(OLD) - ARRAY['search_document', 'search_vector']) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'Decision % is signed: its notice cannot change. Propose an amendment.',
    OLD.reference USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

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
             WHERE id = ANY(parent_ids) AND status IN ('signed', 'withdrawn', 'deferred', 'withdrawn_unsigned', 'not_published')) THEN
    RAISE EXCEPTION 'This part belongs to a signed decision and cannot change.'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION decisions_guard_signed_amendment() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.signed_at IS NOT NULL THEN
      RAISE EXCEPTION 'An amendment is signed by the workflow, never created signed.'
        USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF OLD.signed_at IS NOT NULL THEN
    RAISE EXCEPTION 'This amendment is signed and published: it never changes.'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION decisions_guard_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'The record is append-only: % on % is refused.', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER decisions_amendment_guard BEFORE INSERT OR UPDATE OR DELETE ON decisions_amendment
  FOR EACH ROW EXECUTE FUNCTION decisions_guard_signed_amendment();
CREATE TRIGGER decisions_amendment_no_truncate BEFORE TRUNCATE ON decisions_amendment
  FOR EACH STATEMENT EXECUTE FUNCTION decisions_refuse_truncate();
CREATE TRIGGER decisions_annex_guard BEFORE INSERT OR UPDATE OR DELETE ON decisions_annex
  FOR EACH ROW EXECUTE FUNCTION decisions_guard_part_of_signed('decision_id');
CREATE TRIGGER decisions_annex_no_truncate BEFORE TRUNCATE ON decisions_annex
  FOR EACH STATEMENT EXECUTE FUNCTION decisions_refuse_truncate();
CREATE TRIGGER decisions_auditevent_guard BEFORE UPDATE OR DELETE ON decisions_auditevent
  FOR EACH ROW EXECUTE FUNCTION decisions_guard_append_only();
CREATE TRIGGER decisions_auditevent_no_truncate BEFORE TRUNCATE ON decisions_auditevent
  FOR EACH STATEMENT EXECUTE FUNCTION decisions_refuse_truncate();
CREATE TRIGGER decisions_backgroundpaper_guard BEFORE INSERT OR UPDATE OR DELETE ON decisions_backgroundpaper
  FOR EACH ROW EXECUTE FUNCTION decisions_guard_part_of_signed('decision_id');
CREATE TRIGGER decisions_backgroundpaper_no_truncate BEFORE TRUNCATE ON decisions_backgroundpaper
  FOR EACH STATEMENT EXECUTE FUNCTION decisions_refuse_truncate();
CREATE TRIGGER decisions_confidentialpart_guard BEFORE INSERT OR UPDATE OR DELETE ON decisions_confidentialpart
  FOR EACH ROW EXECUTE FUNCTION decisions_guard_part_of_signed('decision_id');
CREATE TRIGGER decisions_confidentialpart_no_truncate BEFORE TRUNCATE ON decisions_confidentialpart
  FOR EACH STATEMENT EXECUTE FUNCTION decisions_refuse_truncate();
CREATE TRIGGER decisions_decision_guard BEFORE INSERT OR UPDATE OR DELETE ON decisions_decision
  FOR EACH ROW EXECUTE FUNCTION decisions_guard_signed_decision();
CREATE TRIGGER decisions_decision_no_truncate BEFORE TRUNCATE ON decisions_decision
  FOR EACH STATEMENT EXECUTE FUNCTION decisions_refuse_truncate();
CREATE TRIGGER decisions_decisionlink_guard BEFORE INSERT OR UPDATE OR DELETE ON decisions_decisionlink
  FOR EACH ROW EXECUTE FUNCTION decisions_guard_part_of_signed('from_decision_id');
CREATE TRIGGER decisions_decisionlink_no_truncate BEFORE TRUNCATE ON decisions_decisionlink
  FOR EACH STATEMENT EXECUTE FUNCTION decisions_refuse_truncate();
CREATE TRIGGER decisions_gatewayrow_guard BEFORE INSERT OR UPDATE OR DELETE ON decisions_gatewayrow
  FOR EACH ROW EXECUTE FUNCTION decisions_guard_part_of_signed('decision_id');
CREATE TRIGGER decisions_gatewayrow_no_truncate BEFORE TRUNCATE ON decisions_gatewayrow
  FOR EACH STATEMENT EXECUTE FUNCTION decisions_refuse_truncate();
CREATE TRIGGER decisions_historicalagendaitem_guard BEFORE UPDATE OR DELETE ON decisions_historicalagendaitem
  FOR EACH ROW EXECUTE FUNCTION decisions_guard_append_only();
CREATE TRIGGER decisions_historicalagendaitem_no_truncate BEFORE TRUNCATE ON decisions_historicalagendaitem
  FOR EACH STATEMENT EXECUTE FUNCTION decisions_refuse_truncate();
CREATE TRIGGER decisions_historicalagendaitem_authors_guard BEFORE UPDATE OR DELETE ON decisions_historicalagendaitem_authors
  FOR EACH ROW EXECUTE FUNCTION decisions_guard_append_only();
CREATE TRIGGER decisions_historicalagendaitem_authors_no_truncate BEFORE TRUNCATE ON decisions_historicalagendaitem_authors
  FOR EACH STATEMENT EXECUTE FUNCTION decisions_refuse_truncate();
CREATE TRIGGER decisions_historicalamendment_guard BEFORE UPDATE OR DELETE ON decisions_historicalamendment
  FOR EACH ROW EXECUTE FUNCTION decisions_guard_append_only();
CREATE TRIGGER decisions_historicalamendment_no_truncate BEFORE TRUNCATE ON decisions_historicalamendment
  FOR EACH STATEMENT EXECUTE FUNCTION decisions_refuse_truncate();
CREATE TRIGGER decisions_historicalannex_guard BEFORE UPDATE OR DELETE ON decisions_historicalannex
  FOR EACH ROW EXECUTE FUNCTION decisions_guard_append_only();
CREATE TRIGGER decisions_historicalannex_no_truncate BEFORE TRUNCATE ON decisions_historicalannex
  FOR EACH STATEMENT EXECUTE FUNCTION decisions_refuse_truncate();
CREATE TRIGGER decisions_historicalbackgroundpaper_guard BEFORE UPDATE OR DELETE ON decisions_historicalbackgroundpaper
  FOR EACH ROW EXECUTE FUNCTION decisions_guard_append_only();
CREATE TRIGGER decisions_historicalbackgroundpaper_no_truncate BEFORE TRUNCATE ON decisions_historicalbackgroundpaper
  FOR EACH STATEMENT EXECUTE FUNCTION decisions_refuse_truncate();
CREATE TRIGGER decisions_historicalboard_guard BEFORE UPDATE OR DELETE ON decisions_historicalboard
  FOR EACH ROW EXECUTE FUNCTION decisions_guard_append_only();
CREATE TRIGGER decisions_historicalboard_no_truncate BEFORE TRUNCATE ON decisions_historicalboard
  FOR EACH STATEMENT EXECUTE FUNCTION decisions_refuse_truncate();
CREATE TRIGGER decisions_historicalboard_members_guard BEFORE UPDATE OR DELETE ON decisions_historicalboard_members
  FOR EACH ROW EXECUTE FUNCTION decisions_guard_append_only();
CREATE TRIGGER decisions_historicalboard_members_no_truncate BEFORE TRUNCATE ON decisions_historicalboard_members
  FOR EACH STATEMENT EXECUTE FUNCTION decisions_refuse_truncate();
CREATE TRIGGER decisions_historicalboardcomment_guard BEFORE UPDATE OR DELETE ON decisions_historicalboardcomment
  FOR EACH ROW EXECUTE FUNCTION decisions_guard_append_only();
CREATE TRIGGER decisions_historicalboardcomment_no_truncate BEFORE TRUNCATE ON decisions_historicalboardcomment
  FOR EACH STATEMENT EXECUTE FUNCTION decisions_refuse_truncate();
CREATE TRIGGER decisions_historicalboardmeeting_guard BEFORE UPDATE OR DELETE ON decisions_historicalboardmeeting
  FOR EACH ROW EXECUTE FUNCTION decisions_guard_append_only();
CREATE TRIGGER decisions_historicalboardmeeting_no_truncate BEFORE TRUNCATE ON decisions_historicalboardmeeting
  FOR EACH STATEMENT EXECUTE FUNCTION decisions_refuse_truncate();
CREATE TRIGGER decisions_historicalconfidentialpart_guard BEFORE UPDATE OR DELETE ON decisions_historicalconfidentialpart
  FOR EACH ROW EXECUTE FUNCTION decisions_guard_append_only();
CREATE TRIGGER decisions_historicalconfidentialpart_no_truncate BEFORE TRUNCATE ON decisions_historicalconfidentialpart
  FOR EACH STATEMENT EXECUTE FUNCTION decisions_refuse_truncate();
CREATE TRIGGER decisions_historicalcontact_guard BEFORE UPDATE OR DELETE ON decisions_historicalcontact
  FOR EACH ROW EXECUTE FUNCTION decisions_guard_append_only();
CREATE TRIGGER decisions_historicalcontact_no_truncate BEFORE TRUNCATE ON decisions_historicalcontact
  FOR EACH STATEMENT EXECUTE FUNCTION decisions_refuse_truncate();
CREATE TRIGGER decisions_historicaldecision_guard BEFORE UPDATE OR DELETE ON decisions_historicaldecision
  FOR EACH ROW EXECUTE FUNCTION decisions_guard_append_only();
CREATE TRIGGER decisions_historicaldecision_no_truncate BEFORE TRUNCATE ON decisions_historicaldecision
  FOR EACH STATEMENT EXECUTE FUNCTION decisions_refuse_truncate();
CREATE TRIGGER decisions_historicaldecisionlink_guard BEFORE UPDATE OR DELETE ON decisions_historicaldecisionlink
  FOR EACH ROW EXECUTE FUNCTION decisions_guard_append_only();
CREATE TRIGGER decisions_historicaldecisionlink_no_truncate BEFORE TRUNCATE ON decisions_historicaldecisionlink
  FOR EACH STATEMENT EXECUTE FUNCTION decisions_refuse_truncate();
CREATE TRIGGER decisions_historicalforwardplanentry_guard BEFORE UPDATE OR DELETE ON decisions_historicalforwardplanentry
  FOR EACH ROW EXECUTE FUNCTION decisions_guard_append_only();
CREATE TRIGGER decisions_historicalforwardplanentry_no_truncate BEFORE TRUNCATE ON decisions_historicalforwardplanentry
  FOR EACH STATEMENT EXECUTE FUNCTION decisions_refuse_truncate();
CREATE TRIGGER decisions_historicalgatewayrow_guard BEFORE UPDATE OR DELETE ON decisions_historicalgatewayrow
  FOR EACH ROW EXECUTE FUNCTION decisions_guard_append_only();
CREATE TRIGGER decisions_historicalgatewayrow_no_truncate BEFORE TRUNCATE ON decisions_historicalgatewayrow
  FOR EACH STATEMENT EXECUTE FUNCTION decisions_refuse_truncate();
CREATE TRIGGER decisions_historicalnoticedocument_guard BEFORE UPDATE OR DELETE ON decisions_historicalnoticedocument
  FOR EACH ROW EXECUTE FUNCTION decisions_guard_append_only();
CREATE TRIGGER decisions_historicalnoticedocument_no_truncate BEFORE TRUNCATE ON decisions_historicalnoticedocument
  FOR EACH STATEMENT EXECUTE FUNCTION decisions_refuse_truncate();
CREATE TRIGGER decisions_historicalnumberingseries_guard BEFORE UPDATE OR DELETE ON decisions_historicalnumberingseries
  FOR EACH ROW EXECUTE FUNCTION decisions_guard_append_only();
CREATE TRIGGER decisions_historicalnumberingseries_no_truncate BEFORE TRUNCATE ON decisions_historicalnumberingseries
  FOR EACH STATEMENT EXECUTE FUNCTION decisions_refuse_truncate();
CREATE TRIGGER decisions_historicalsection_guard BEFORE UPDATE OR DELETE ON decisions_historicalsection
  FOR EACH ROW EXECUTE FUNCTION decisions_guard_append_only();
CREATE TRIGGER decisions_historicalsection_no_truncate BEFORE TRUNCATE ON decisions_historicalsection
  FOR EACH STATEMENT EXECUTE FUNCTION decisions_refuse_truncate();
CREATE TRIGGER decisions_historicalsignatory_guard BEFORE UPDATE OR DELETE ON decisions_historicalsignatory
  FOR EACH ROW EXECUTE FUNCTION decisions_guard_append_only();
CREATE TRIGGER decisions_historicalsignatory_no_truncate BEFORE TRUNCATE ON decisions_historicalsignatory
  FOR EACH STATEMENT EXECUTE FUNCTION decisions_refuse_truncate();
CREATE TRIGGER decisions_logentry_guard BEFORE UPDATE OR DELETE ON decisions_logentry
  FOR EACH ROW EXECUTE FUNCTION decisions_guard_append_only();
CREATE TRIGGER decisions_logentry_no_truncate BEFORE TRUNCATE ON decisions_logentry
  FOR EACH STATEMENT EXECUTE FUNCTION decisions_refuse_truncate();
CREATE TRIGGER decisions_noticedocument_guard BEFORE UPDATE OR DELETE ON decisions_noticedocument
  FOR EACH ROW EXECUTE FUNCTION decisions_guard_append_only();
CREATE TRIGGER decisions_noticedocument_no_truncate BEFORE TRUNCATE ON decisions_noticedocument
  FOR EACH STATEMENT EXECUTE FUNCTION decisions_refuse_truncate();
CREATE TRIGGER decisions_noticeversion_guard BEFORE UPDATE OR DELETE ON decisions_noticeversion
  FOR EACH ROW EXECUTE FUNCTION decisions_guard_append_only();
CREATE TRIGGER decisions_noticeversion_no_truncate BEFORE TRUNCATE ON decisions_noticeversion
  FOR EACH STATEMENT EXECUTE FUNCTION decisions_refuse_truncate();
CREATE TRIGGER decisions_releasereview_guard BEFORE UPDATE OR DELETE ON decisions_releasereview
  FOR EACH ROW EXECUTE FUNCTION decisions_guard_append_only();
CREATE TRIGGER decisions_releasereview_no_truncate BEFORE TRUNCATE ON decisions_releasereview
  FOR EACH STATEMENT EXECUTE FUNCTION decisions_refuse_truncate();
CREATE TRIGGER decisions_reviewreminder_guard BEFORE UPDATE OR DELETE ON decisions_reviewreminder
  FOR EACH ROW EXECUTE FUNCTION decisions_guard_append_only();
CREATE TRIGGER decisions_reviewreminder_no_truncate BEFORE TRUNCATE ON decisions_reviewreminder
  FOR EACH STATEMENT EXECUTE FUNCTION decisions_refuse_truncate();
CREATE TRIGGER decisions_section_guard BEFORE INSERT OR UPDATE OR DELETE ON decisions_section
  FOR EACH ROW EXECUTE FUNCTION decisions_guard_part_of_signed('decision_id');
CREATE TRIGGER decisions_section_no_truncate BEFORE TRUNCATE ON decisions_section
  FOR EACH STATEMENT EXECUTE FUNCTION decisions_refuse_truncate();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(RESET_SQL + GUARD_SQL, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(RESET_SQL, params=None)


class Migration(migrations.Migration):
    dependencies = [("decisions", "0030_panel_reports")]

    operations = [migrations.RunPython(forwards, backwards)]
