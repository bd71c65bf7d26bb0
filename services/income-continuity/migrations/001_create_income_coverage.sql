-- Up Migration
CREATE TABLE coverage_periods (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  person_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('integration_income', 'article60_salary')),
  start_date date NOT NULL,
  end_date date,
  placement_id uuid,
  status text NOT NULL CHECK (status IN ('active', 'provisional')),
  category text CHECK (category IN ('cohabitant', 'single', 'with_dependants')),
  source_event_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT coverage_periods_dates_ck CHECK (end_date IS NULL OR end_date >= start_date),
  CONSTRAINT coverage_periods_salary_ck CHECK ((kind = 'article60_salary') = (placement_id IS NOT NULL))
);
CREATE INDEX coverage_periods_person_idx ON coverage_periods (tenant_id, person_id, start_date);
-- One salary period per placement, whichever of PlacementStarted or TrialEnded arrives first.
CREATE UNIQUE INDEX coverage_periods_salary_uq ON coverage_periods (tenant_id, placement_id) WHERE kind = 'article60_salary';

-- The domain key of the chain: one reopening per ended trial, whatever the event ids.
CREATE TABLE income_reopenings (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  person_id uuid NOT NULL,
  placement_id uuid NOT NULL,
  trial_period_id uuid NOT NULL,
  coverage_period_id uuid NOT NULL REFERENCES coverage_periods (id),
  effective_from date NOT NULL,
  trial_outcome text NOT NULL CHECK (trial_outcome IN ('not_conclusive', 'ended_early')),
  source_event_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT income_reopenings_trial_uq UNIQUE (tenant_id, trial_period_id)
);
CREATE INDEX income_reopenings_person_idx ON income_reopenings (tenant_id, person_id);

CREATE TABLE committee_proposals (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  reopening_id uuid NOT NULL REFERENCES income_reopenings (id),
  kind text NOT NULL CHECK (kind IN ('take_note_of_trial_end', 'reopen_integration_income', 'continue_isp_follow_up')),
  status text NOT NULL CHECK (status IN ('awaiting_committee', 'approved', 'refused', 'amended')),
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT committee_proposals_uq UNIQUE (reopening_id, kind)
);

CREATE TABLE isp_follow_ups (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  person_id uuid NOT NULL,
  placement_id uuid NOT NULL,
  trial_period_id uuid NOT NULL,
  opened_on date NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'closed')),
  reason text NOT NULL CHECK (reason IN ('trial_not_conclusive', 'trial_ended_early')),
  source_event_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT isp_follow_ups_trial_uq UNIQUE (tenant_id, trial_period_id)
);
CREATE INDEX isp_follow_ups_person_idx ON isp_follow_ups (tenant_id, person_id);

-- Down Migration
DROP TABLE isp_follow_ups;
DROP TABLE committee_proposals;
DROP TABLE income_reopenings;
DROP TABLE coverage_periods;
