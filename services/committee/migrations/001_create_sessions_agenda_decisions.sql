-- Up Migration
-- A session of the comité spécial; the roster (members, roles, attendance) is replaced whole.
CREATE TABLE sessions (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('isp', 'social_service')),
  session_date date NOT NULL,
  starts_at text,
  location text,
  quorum integer NOT NULL CHECK (quorum > 0),
  status text NOT NULL CHECK (status IN ('planned', 'closed')),
  members jsonb NOT NULL,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  closed_at timestamptz
);
CREATE INDEX sessions_date_idx ON sessions (tenant_id, session_date);

CREATE TABLE agenda_items (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('host_partner_approval', 'engagement_proposal', 'income_reopening', 'contract_early_end', 'manual')),
  status text NOT NULL CHECK (status IN ('pending', 'scheduled', 'decided')),
  -- Events about one matter meet on one open item through this key (NULL: a manual item).
  case_key text,
  session_id uuid REFERENCES sessions (id),
  position integer,
  person_id uuid,
  title text,
  requested_on date NOT NULL,
  summary jsonb NOT NULL DEFAULT '{}',
  prepared_by uuid,
  prepared_role text,
  prepared_at timestamptz,
  assessment text,
  source_event_id uuid,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT agenda_items_scheduled_ck CHECK (status = 'decided' OR (status = 'scheduled') = (session_id IS NOT NULL)),
  CONSTRAINT agenda_items_prepared_ck CHECK ((prepared_by IS NULL) = (assessment IS NULL))
);
-- One open item per case: the merge of an early end and its reopening relies on it.
CREATE UNIQUE INDEX agenda_items_open_case_uq ON agenda_items (tenant_id, case_key) WHERE status <> 'decided';
CREATE INDEX agenda_items_person_idx ON agenda_items (tenant_id, person_id);
CREATE INDEX agenda_items_session_idx ON agenda_items (tenant_id, session_id, position);
CREATE INDEX agenda_items_status_idx ON agenda_items (tenant_id, status, requested_on);

CREATE TABLE item_proposals (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  item_id uuid NOT NULL REFERENCES agenda_items (id),
  kind text NOT NULL,
  subject_kind text NOT NULL,
  subject_id uuid NOT NULL,
  text text,
  position integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX item_proposals_item_idx ON item_proposals (item_id, position);
-- An event's proposal appears once on an item (manual items may hold several "other").
CREATE UNIQUE INDEX item_proposals_event_kind_uq ON item_proposals (item_id, kind)
  WHERE kind NOT IN ('integration_income_sanction', 'integration_income_withdrawal', 'other');

CREATE TABLE decisions (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  item_id uuid NOT NULL REFERENCES agenda_items (id),
  proposal_id uuid NOT NULL REFERENCES item_proposals (id),
  session_id uuid NOT NULL REFERENCES sessions (id),
  status text NOT NULL CHECK (status IN ('recorded', 'signed')),
  outcome text NOT NULL CHECK (outcome IN ('approved', 'refused', 'amended')),
  reason_code text,
  reason_text text,
  amendments jsonb,
  effective_on date,
  decided_on date NOT NULL,
  vote jsonb NOT NULL,
  dissent jsonb NOT NULL DEFAULT '[]',
  corrects_decision_id uuid REFERENCES decisions (id),
  recorded_by uuid NOT NULL,
  recorded_role text NOT NULL,
  recorded_at timestamptz NOT NULL,
  signed_by uuid,
  signed_at timestamptz,
  CONSTRAINT decisions_signature_ck CHECK ((status = 'signed') = (signed_by IS NOT NULL AND signed_at IS NOT NULL)),
  -- The formal reasons of a refusal, an amendment or a correction (law of 29 July 1991 on the
  -- formal motivation of administrative acts).
  CONSTRAINT decisions_reasons_ck CHECK (
    (outcome = 'approved' AND corrects_decision_id IS NULL) OR (reason_code IS NOT NULL AND reason_text IS NOT NULL))
);
CREATE INDEX decisions_item_idx ON decisions (item_id);
CREATE INDEX decisions_session_idx ON decisions (tenant_id, session_id);
CREATE UNIQUE INDEX decisions_one_draft_uq ON decisions (proposal_id) WHERE status = 'recorded';
CREATE UNIQUE INDEX decisions_first_signed_uq ON decisions (proposal_id) WHERE status = 'signed' AND corrects_decision_id IS NULL;
CREATE UNIQUE INDEX decisions_one_correction_uq ON decisions (corrects_decision_id) WHERE status = 'signed';

-- A signed decision is immutable, for every role the owner included: a correction is a new row.
CREATE FUNCTION decisions_signed_are_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'signed' THEN
    RAISE EXCEPTION 'decision % is signed and final: record a correction', OLD.id USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER decisions_signed_are_final BEFORE UPDATE OR DELETE ON decisions
  FOR EACH ROW EXECUTE FUNCTION decisions_signed_are_final();

CREATE TABLE decision_notifications (
  decision_id uuid PRIMARY KEY REFERENCES decisions (id),
  tenant_id uuid NOT NULL,
  notified_on date NOT NULL,
  channel text NOT NULL CHECK (channel IN ('letter', 'registered_letter', 'email', 'in_person')),
  recorded_by uuid NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE TABLE conflicts_of_interest (
  item_id uuid NOT NULL REFERENCES agenda_items (id),
  account_id uuid NOT NULL,
  tenant_id uuid NOT NULL,
  reason text,
  declared_by uuid NOT NULL,
  declared_role text NOT NULL,
  declared_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (item_id, account_id)
);

-- What happened to an item, in order: never edited (scheduling, postponements with their
-- reason, preparation, decisions, signatures, corrections).
CREATE TABLE item_history (
  seq bigserial PRIMARY KEY,
  tenant_id uuid NOT NULL,
  item_id uuid NOT NULL REFERENCES agenda_items (id),
  kind text NOT NULL,
  session_id uuid,
  actor_id uuid NOT NULL,
  actor_role text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}',
  at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX item_history_item_idx ON item_history (item_id, seq);
CREATE INDEX item_history_session_idx ON item_history (tenant_id, session_id);

CREATE FUNCTION item_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'item_history is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER item_history_append_only BEFORE UPDATE OR DELETE ON item_history
  FOR EACH ROW EXECUTE FUNCTION item_history_append_only();
CREATE TRIGGER item_history_no_truncate BEFORE TRUNCATE ON item_history
  FOR EACH STATEMENT EXECUTE FUNCTION item_history_append_only();

-- Legal deadlines, effective-dated per CPAS (a row with tenant_id NULL is the platform default):
-- the decision within 30 days of the request and its notification within 8 days, flagged 7
-- days ahead. To confirm with each CPAS's legal service; never constants in code.
CREATE TABLE deadline_settings (
  tenant_id uuid,
  effective_from date NOT NULL,
  decision_days integer NOT NULL CHECK (decision_days > 0),
  notification_days integer NOT NULL CHECK (notification_days > 0),
  warning_days integer NOT NULL CHECK (warning_days >= 0),
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE NULLS NOT DISTINCT (tenant_id, effective_from)
);
INSERT INTO deadline_settings (tenant_id, effective_from, decision_days, notification_days, warning_days)
VALUES (NULL, '2000-01-01', 30, 8, 7);

-- What the options cost the CPAS each month, where it configures it (no platform default: a
-- cost is the CPAS's own figure). A row of NULLs stops showing them from its day.
CREATE TABLE cost_settings (
  tenant_id uuid NOT NULL,
  effective_from date NOT NULL,
  ri_cohabitant_cents integer,
  ri_single_cents integer,
  ri_with_dependants_cents integer,
  placement_cents integer,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (tenant_id, effective_from),
  CONSTRAINT cost_settings_ri_ck CHECK (
    (ri_cohabitant_cents IS NULL) = (ri_single_cents IS NULL) AND (ri_single_cents IS NULL) = (ri_with_dependants_cents IS NULL))
);

-- Facts other services published that the case summary needs (no item of their own).
CREATE TABLE hosts (
  tenant_id uuid NOT NULL,
  host_employer_id uuid NOT NULL,
  name text NOT NULL,
  legal_type text NOT NULL,
  sector text NOT NULL,
  PRIMARY KEY (tenant_id, host_employer_id)
);

-- The trial behind a placement's end, with the placement officer's analysis (TrialEnded, and
-- its corrections): "so that nobody judges the person without knowing" (seed 004 §4.4).
CREATE TABLE trial_facts (
  tenant_id uuid NOT NULL,
  placement_id uuid NOT NULL,
  trial_period_id uuid NOT NULL,
  person_id uuid NOT NULL,
  outcome text NOT NULL,
  last_worked_day date NOT NULL,
  reason_code text NOT NULL,
  initiated_by text NOT NULL,
  officer_analysis text,
  source_event_id uuid NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (tenant_id, placement_id)
);

-- Down Migration
DROP TABLE trial_facts;
DROP TABLE hosts;
DROP TABLE cost_settings;
DROP TABLE deadline_settings;
DROP TABLE item_history;
DROP FUNCTION item_history_append_only();
DROP TABLE conflicts_of_interest;
DROP TABLE decision_notifications;
DROP TABLE decisions;
DROP FUNCTION decisions_signed_are_final();
DROP TABLE item_proposals;
DROP TABLE agenda_items;
DROP TABLE sessions;
