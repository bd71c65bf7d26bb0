-- Up Migration
-- The audit log of a service: every read of a person's record and every change made through
-- its API (who, when, what, on which record, for which purpose). Append-only: the application
-- role is granted INSERT and SELECT only, and the triggers below refuse UPDATE, DELETE and
-- TRUNCATE to everyone, the owner included (a correction is a new row, never an edit).
CREATE TABLE audit_log (
  seq bigserial PRIMARY KEY,
  id uuid NOT NULL UNIQUE,
  tenant_id uuid NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor_id uuid NOT NULL,
  acting_role text NOT NULL,
  action text NOT NULL CHECK (action IN ('read', 'change')),
  method text NOT NULL,
  route text NOT NULL,
  record_type text NOT NULL,
  record_id text,
  person_ids uuid[] NOT NULL DEFAULT '{}',
  purpose text NOT NULL,
  status integer NOT NULL,
  correlation_id uuid NOT NULL
);
CREATE INDEX audit_log_person_idx ON audit_log USING gin (person_ids);
CREATE INDEX audit_log_actor_idx ON audit_log (tenant_id, actor_id, seq);

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- Down Migration
DROP TABLE audit_log;
DROP FUNCTION audit_log_refuse_change();
