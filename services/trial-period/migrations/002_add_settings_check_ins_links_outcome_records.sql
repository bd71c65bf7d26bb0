-- Up Migration

-- Trial length and check-in schedule, effective-dated, per CPAS (tenant_id NULL: the platform
-- default) and per contract type (NULL: any type). The row in force for a trial is chosen with
-- its placement's start date; rows are only ever added, so an old trial can be explained later.
CREATE TABLE trial_settings (
  id uuid PRIMARY KEY,
  tenant_id uuid,
  contract_type text CHECK (contract_type ~ '^[a-z][a-z0-9_]{1,40}$'),
  effective_from date NOT NULL,
  length_days integer NOT NULL CHECK (length_days BETWEEN 1 AND 366),
  -- Days after the first day of the placement (0 = the first day) on which a check-in is due.
  check_in_offsets_days integer[] NOT NULL CHECK (cardinality(check_in_offsets_days) BETWEEN 1 AND 20),
  -- Days a check-in may be late before the officer is reminded.
  overdue_grace_days integer NOT NULL CHECK (overdue_grace_days BETWEEN 0 AND 60),
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT trial_settings_uq UNIQUE NULLS NOT DISTINCT (tenant_id, contract_type, effective_from)
);

-- Default seed, to be reviewed by each CPAS (the law sets no length for the article 60 evaluation
-- period): one month, check-ins at the end of week 1, mid-period and before the end (the issue's
-- example), and a reminder after two working days.
INSERT INTO trial_settings (id, tenant_id, contract_type, effective_from, length_days, check_in_offsets_days, overdue_grace_days)
VALUES ('0190a000-0000-7000-8000-00000000c0de', NULL, NULL, '2000-01-01', 30, '{4,14,27}', 2);

ALTER TABLE trial_periods DROP CONSTRAINT trial_periods_outcome_ck;
ALTER TABLE trial_periods DROP CONSTRAINT trial_periods_status_check;
ALTER TABLE trial_periods
  ADD COLUMN settings_id uuid REFERENCES trial_settings (id),
  ADD COLUMN length_days integer,
  ADD COLUMN planned_end_date date,
  ADD COLUMN officer_analysis text CHECK (char_length(officer_analysis) <= 2000),
  ADD COLUMN decided_by uuid,
  ADD COLUMN decided_by_role text,
  -- The placement's end as the placement service announced it (PlacementEnded): after a passed
  -- trial, or during a running one (then the trial is closed without an outcome of its own).
  ADD COLUMN placement_end_day date,
  ADD COLUMN placement_end_reason text,
  ADD COLUMN placement_ended_event_id uuid;
UPDATE trial_periods SET settings_id = '0190a000-0000-7000-8000-00000000c0de', length_days = 30,
  planned_end_date = start_date + 29;
ALTER TABLE trial_periods
  ALTER COLUMN settings_id SET NOT NULL,
  ALTER COLUMN length_days SET NOT NULL,
  ALTER COLUMN planned_end_date SET NOT NULL,
  ADD CONSTRAINT trial_periods_status_check CHECK (status IN ('running', 'passed', 'ended', 'closed')),
  ADD CONSTRAINT trial_periods_outcome_ck CHECK ((status IN ('running', 'closed')) = (outcome IS NULL)),
  ADD CONSTRAINT trial_periods_closed_ck CHECK (status <> 'closed' OR placement_end_day IS NOT NULL);

-- The check-ins of a trial: planned from the schedule when the trial opens, then held.
CREATE TABLE check_ins (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  trial_period_id uuid NOT NULL REFERENCES trial_periods (id),
  sequence integer NOT NULL CHECK (sequence > 0),
  due_on date NOT NULL,
  status text NOT NULL CHECK (status IN ('scheduled', 'held', 'cancelled')),
  held_on date,
  difficulties jsonb NOT NULL DEFAULT '[]',
  support_actions jsonb NOT NULL DEFAULT '[]',
  -- Items on which the voices strongly disagree (recomputed whenever a voice arrives).
  disagreements jsonb NOT NULL DEFAULT '[]',
  flagged boolean NOT NULL DEFAULT false,
  recorded_by uuid,
  recorded_by_role text,
  reminded_on date,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT check_ins_sequence_uq UNIQUE (trial_period_id, sequence),
  CONSTRAINT check_ins_held_ck CHECK ((status = 'held') = (held_on IS NOT NULL))
);
CREATE INDEX check_ins_due_idx ON check_ins (due_on) WHERE status = 'scheduled' AND reminded_on IS NULL;
CREATE INDEX check_ins_flagged_idx ON check_ins (tenant_id, id) WHERE flagged;

-- Each voice of a check-in on its own row: the worker's, the host tutor's, the officer's.
-- A voice, once given, is never edited (trigger below).
CREATE TABLE check_in_voices (
  check_in_id uuid NOT NULL REFERENCES check_ins (id),
  tenant_id uuid NOT NULL,
  voice text NOT NULL CHECK (voice IN ('worker', 'tutor', 'officer')),
  ratings jsonb NOT NULL,
  comment text CHECK (char_length(comment) <= 2000),
  source text NOT NULL CHECK (source IN ('recorded_by_officer', 'tutor_link')),
  given_on date NOT NULL,
  recorded_by uuid,
  tutor_link_id uuid,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (check_in_id, voice)
);

-- Signed links for the host tutor (no account). The token is never stored: it is an HMAC over
-- the link id and expiry; the row records issue, expiry, revocation and the single use.
CREATE TABLE tutor_links (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  check_in_id uuid NOT NULL REFERENCES check_ins (id),
  issued_by uuid NOT NULL,
  issued_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX tutor_links_check_in_idx ON tutor_links (check_in_id);

-- Outcome records: the first decision, then corrections, each linked to the record it corrects.
CREATE TABLE trial_outcome_records (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  trial_period_id uuid NOT NULL REFERENCES trial_periods (id),
  kind text NOT NULL CHECK (kind IN ('decision', 'correction')),
  corrects_record_id uuid REFERENCES trial_outcome_records (id),
  outcome text NOT NULL CHECK (outcome IN ('conclusive', 'not_conclusive', 'ended_early')),
  last_worked_day date,
  reason_code text,
  initiated_by text CHECK (initiated_by IN ('host', 'worker', 'cpas')),
  officer_analysis text CHECK (char_length(officer_analysis) <= 2000),
  correction_reason text,
  explanation text CHECK (char_length(explanation) <= 2000),
  recorded_on date NOT NULL,
  recorded_by uuid,
  recorded_by_role text,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT trial_outcome_records_link_ck CHECK ((kind = 'correction') = (corrects_record_id IS NOT NULL)),
  CONSTRAINT trial_outcome_records_reason_ck CHECK ((kind = 'correction') = (correction_reason IS NOT NULL)),
  -- A record is corrected at most once: corrections form one chain, never a fork.
  CONSTRAINT trial_outcome_records_corrects_uq UNIQUE (corrects_record_id)
);
CREATE UNIQUE INDEX trial_outcome_records_decision_uq ON trial_outcome_records (trial_period_id)
  WHERE kind = 'decision';
INSERT INTO trial_outcome_records (id, tenant_id, trial_period_id, kind, outcome, last_worked_day, reason_code,
  initiated_by, recorded_on)
SELECT id, tenant_id, id, 'decision', outcome, last_worked_day, reason_code, initiated_by, decided_on
FROM trial_periods WHERE outcome IS NOT NULL;

CREATE FUNCTION refuse_edit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are never edited or deleted: add a new record', TG_TABLE_NAME;
END $$;
CREATE TRIGGER trial_outcome_records_append_only BEFORE UPDATE OR DELETE ON trial_outcome_records
  FOR EACH ROW EXECUTE FUNCTION refuse_edit();
CREATE TRIGGER check_in_voices_append_only BEFORE UPDATE OR DELETE ON check_in_voices
  FOR EACH ROW EXECUTE FUNCTION refuse_edit();

-- Down Migration
DROP TABLE trial_outcome_records;
DROP TABLE tutor_links;
DROP TABLE check_in_voices;
DROP TABLE check_ins;
DROP FUNCTION refuse_edit();
ALTER TABLE trial_periods DROP CONSTRAINT trial_periods_closed_ck;
ALTER TABLE trial_periods DROP CONSTRAINT trial_periods_outcome_ck;
ALTER TABLE trial_periods DROP CONSTRAINT trial_periods_status_check;
DELETE FROM trial_periods WHERE status = 'closed';
ALTER TABLE trial_periods
  DROP COLUMN settings_id, DROP COLUMN length_days, DROP COLUMN planned_end_date, DROP COLUMN officer_analysis,
  DROP COLUMN decided_by, DROP COLUMN decided_by_role, DROP COLUMN placement_end_day,
  DROP COLUMN placement_end_reason, DROP COLUMN placement_ended_event_id,
  ADD CONSTRAINT trial_periods_status_check CHECK (status IN ('running', 'passed', 'ended')),
  ADD CONSTRAINT trial_periods_outcome_ck CHECK ((status = 'running') = (outcome IS NULL));
DROP TABLE trial_settings;
