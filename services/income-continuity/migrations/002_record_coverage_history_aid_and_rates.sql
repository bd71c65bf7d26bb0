-- Up Migration
-- Unemployment benefits close a bridge; `bridging` RI is advanced until the first payment;
-- `withdrawn` is a reopening the committee refused: kept for history, covering nothing.
ALTER TABLE coverage_periods DROP CONSTRAINT coverage_periods_kind_check;
ALTER TABLE coverage_periods ADD CONSTRAINT coverage_periods_kind_check
  CHECK (kind IN ('integration_income', 'article60_salary', 'unemployment_benefit'));
ALTER TABLE coverage_periods DROP CONSTRAINT coverage_periods_status_check;
ALTER TABLE coverage_periods ADD CONSTRAINT coverage_periods_status_check
  CHECK (status IN ('active', 'provisional', 'bridging', 'withdrawn'));
-- A period registered by the social service has an actor instead of a source event.
ALTER TABLE coverage_periods ALTER COLUMN source_event_id DROP NOT NULL, ADD COLUMN actor_id uuid;
ALTER TABLE coverage_periods ADD CONSTRAINT coverage_periods_source_ck CHECK (source_event_id IS NOT NULL OR actor_id IS NOT NULL);

-- Every change of a period, as a new row: the projection above may move, its history never does.
CREATE TABLE coverage_period_revisions (
  seq bigserial PRIMARY KEY,
  tenant_id uuid NOT NULL,
  person_id uuid NOT NULL,
  period_id uuid NOT NULL REFERENCES coverage_periods (id),
  fact text NOT NULL CHECK (fact IN ('opened', 'ended', 'confirmed', 'amended', 'withdrawn', 'superseded')),
  kind text NOT NULL,
  start_date date NOT NULL,
  end_date date,
  status text NOT NULL,
  category text,
  source_event_id uuid,
  decision_id uuid,
  actor_id uuid,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX coverage_period_revisions_person_idx ON coverage_period_revisions (tenant_id, person_id, seq);

-- A reopening now also follows a contract ended early after the trial (no trial period), and
-- the domain key becomes the placement: its salary ends once, whichever event says so first.
ALTER TABLE income_reopenings ALTER COLUMN trial_period_id DROP NOT NULL;
ALTER TABLE income_reopenings DROP CONSTRAINT income_reopenings_trial_outcome_check;
ALTER TABLE income_reopenings RENAME COLUMN trial_outcome TO cause;
UPDATE income_reopenings SET cause = CASE cause WHEN 'ended_early' THEN 'trial_ended_early' ELSE 'trial_not_conclusive' END;
ALTER TABLE income_reopenings ADD CONSTRAINT income_reopenings_cause_check
  CHECK (cause IN ('trial_not_conclusive', 'trial_ended_early', 'contract_ended_early'));
ALTER TABLE income_reopenings
  ADD COLUMN last_worked_day date,
  ADD COLUMN reason_code text,
  ADD COLUMN initiated_by text,
  ADD COLUMN officer_analysis text;
UPDATE income_reopenings SET last_worked_day = effective_from - 1;
ALTER TABLE income_reopenings ALTER COLUMN last_worked_day SET NOT NULL;
CREATE UNIQUE INDEX income_reopenings_placement_uq ON income_reopenings (tenant_id, placement_id);

ALTER TABLE committee_proposals DROP CONSTRAINT committee_proposals_kind_check;
ALTER TABLE committee_proposals ADD CONSTRAINT committee_proposals_kind_check
  CHECK (kind IN ('take_note_of_trial_end', 'take_note_of_contract_end', 'reopen_integration_income', 'continue_isp_follow_up'));

ALTER TABLE isp_follow_ups ALTER COLUMN trial_period_id DROP NOT NULL;
ALTER TABLE isp_follow_ups DROP CONSTRAINT isp_follow_ups_reason_check;
ALTER TABLE isp_follow_ups ADD CONSTRAINT isp_follow_ups_reason_check
  CHECK (reason IN ('trial_not_conclusive', 'trial_ended_early', 'contract_ended_early'));
CREATE UNIQUE INDEX isp_follow_ups_placement_uq ON isp_follow_ups (tenant_id, placement_id);

-- The committee's decision on a reopening: one per reopening, the decision id as domain key.
CREATE TABLE reopening_decisions (
  decision_id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  reopening_id uuid NOT NULL UNIQUE REFERENCES income_reopenings (id),
  outcome text NOT NULL CHECK (outcome IN ('approved', 'refused', 'amended')),
  reason_code text,
  decided_on date NOT NULL,
  effective_from date,
  category text,
  source_event_id uuid NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT reopening_decisions_refusal_reason_ck CHECK (outcome <> 'refused' OR reason_code IS NOT NULL)
);

-- Recorded decisions that leave days uncovered (a refused reopening, a later effective date):
-- the only thing that makes a gap legitimate.
CREATE TABLE uncovered_decisions (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  person_id uuid NOT NULL,
  decision_id uuid NOT NULL REFERENCES reopening_decisions (decision_id),
  from_date date NOT NULL,
  to_date date,
  reason_code text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX uncovered_decisions_person_idx ON uncovered_decisions (tenant_id, person_id);

-- Gaps as last computed per person: the metric counts the open ones, an alert goes out once per gap.
CREATE TABLE coverage_gaps (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  person_id uuid NOT NULL,
  from_date date NOT NULL,
  to_date date,
  justified_by uuid,
  detected_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  resolved_at timestamptz
);
CREATE INDEX coverage_gaps_open_idx ON coverage_gaps (tenant_id, person_id) WHERE resolved_at IS NULL;

CREATE TABLE aid_requests (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  person_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('rental_guarantee', 'energy_aid', 'medical_costs', 'school_costs', 'other')),
  depends_on_integration_income boolean NOT NULL,
  requested_on date NOT NULL,
  note text,
  status text NOT NULL CHECK (status IN ('pending', 'closed')),
  closed_on date,
  closure text CHECK (closure IN ('granted', 'refused', 'withdrawn')),
  registered_by uuid NOT NULL,
  closed_by uuid,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT aid_requests_closed_ck CHECK ((status = 'closed') = (closed_on IS NOT NULL AND closure IS NOT NULL))
);
CREATE INDEX aid_requests_person_idx ON aid_requests (tenant_id, person_id);

-- One alert per aid request and placement, whatever the deliveries.
CREATE TABLE aid_risk_alerts (
  alert_id uuid NOT NULL,
  tenant_id uuid NOT NULL,
  aid_request_id uuid NOT NULL REFERENCES aid_requests (id),
  placement_id uuid NOT NULL,
  raised_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (aid_request_id, placement_id)
);

-- The bridge after a completed contract, until the first unemployment payment is confirmed.
CREATE TABLE income_bridges (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  person_id uuid NOT NULL,
  placement_id uuid NOT NULL,
  coverage_period_id uuid NOT NULL REFERENCES coverage_periods (id),
  started_on date NOT NULL,
  review_on date NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'closed')),
  first_payment_on date,
  benefits_from date,
  closed_reason text CHECK (closed_reason IN ('unemployment_confirmed', 'new_placement')),
  source_event_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT income_bridges_placement_uq UNIQUE (tenant_id, placement_id)
);
CREATE UNIQUE INDEX income_bridges_one_open_uq ON income_bridges (tenant_id, person_id) WHERE status = 'open';

CREATE TABLE follow_up_tasks (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  person_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('confirm_first_unemployment_payment')),
  bridge_id uuid REFERENCES income_bridges (id),
  due_on date NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'done')),
  done_on date,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX follow_up_tasks_person_idx ON follow_up_tasks (tenant_id, person_id);

-- What the social worker must know, in order: the person's timeline (append-only).
CREATE TABLE timeline_entries (
  seq bigserial PRIMARY KEY,
  id uuid NOT NULL UNIQUE,
  tenant_id uuid NOT NULL,
  person_id uuid NOT NULL,
  kind text NOT NULL,
  effective_on date NOT NULL,
  details jsonb NOT NULL,
  source_event_id uuid,
  actor_id uuid,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX timeline_entries_person_idx ON timeline_entries (tenant_id, person_id, seq);

-- History is never rewritten, whatever the code does.
CREATE FUNCTION reject_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER coverage_period_revisions_append_only BEFORE UPDATE OR DELETE ON coverage_period_revisions
  FOR EACH ROW EXECUTE FUNCTION reject_history_change();
CREATE TRIGGER timeline_entries_append_only BEFORE UPDATE OR DELETE ON timeline_entries
  FOR EACH ROW EXECUTE FUNCTION reject_history_change();
CREATE TRIGGER reopening_decisions_append_only BEFORE UPDATE OR DELETE ON reopening_decisions
  FOR EACH ROW EXECUTE FUNCTION reject_history_change();
CREATE TRIGGER uncovered_decisions_append_only BEFORE UPDATE OR DELETE ON uncovered_decisions
  FOR EACH ROW EXECUTE FUNCTION reject_history_change();

-- Configuration, effective-dated (DOMAIN.md: legal amounts change by law and indexation).
-- Monthly RI amounts in euro cents. Source: amounts "au 01/02/2025" as published by a CPAS
-- (cpassivryrance.be, "Le montant du RI"); to be checked against the SPP Intégration sociale
-- indexation circular before production. A CPAS row (tenant_id set) overrides the default.
CREATE TABLE integration_income_rates (
  tenant_id uuid,
  category text NOT NULL CHECK (category IN ('cohabitant', 'single', 'with_dependants')),
  effective_from date NOT NULL,
  monthly_amount_cents integer NOT NULL CHECK (monthly_amount_cents > 0),
  legal_source text NOT NULL,
  legal_source_date date NOT NULL,
  UNIQUE NULLS NOT DISTINCT (tenant_id, category, effective_from)
);
INSERT INTO integration_income_rates (tenant_id, category, effective_from, monthly_amount_cents, legal_source, legal_source_date) VALUES
  (NULL, 'cohabitant', '2025-02-01', 87613, 'RI amounts after indexation (loi du 26 mai 2002, art. 14; indexation 2025-02), as published by CPAS Sivry-Rance: to verify', '2025-02-01'),
  (NULL, 'single', '2025-02-01', 131420, 'RI amounts after indexation (loi du 26 mai 2002, art. 14; indexation 2025-02), as published by CPAS Sivry-Rance: to verify', '2025-02-01'),
  (NULL, 'with_dependants', '2025-02-01', 177607, 'RI amounts after indexation (loi du 26 mai 2002, art. 14; indexation 2025-02), as published by CPAS Sivry-Rance: to verify', '2025-02-01');

-- How long the bridge runs before its follow-up task is due (the usual delay before the first
-- unemployment payment); a CPAS choice, not a legal amount.
CREATE TABLE bridging_rules (
  tenant_id uuid,
  effective_from date NOT NULL,
  review_after_days integer NOT NULL CHECK (review_after_days BETWEEN 1 AND 365),
  source text NOT NULL,
  UNIQUE NULLS NOT DISTINCT (tenant_id, effective_from)
);
INSERT INTO bridging_rules (tenant_id, effective_from, review_after_days, source) VALUES
  (NULL, '2020-01-01', 45, 'platform default: first unemployment payment usually within 4 to 6 weeks; each CPAS sets its own');

-- Down Migration
DROP TABLE bridging_rules;
DROP TABLE integration_income_rates;
DROP TABLE timeline_entries;
DROP TABLE follow_up_tasks;
DROP TABLE income_bridges;
DROP TABLE aid_risk_alerts;
DROP TABLE aid_requests;
DROP TABLE coverage_gaps;
DROP TABLE uncovered_decisions;
DROP TABLE reopening_decisions;
DROP FUNCTION reject_history_change CASCADE;
DROP TABLE coverage_period_revisions;
