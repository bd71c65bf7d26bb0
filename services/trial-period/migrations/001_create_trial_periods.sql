-- Up Migration
CREATE TABLE trial_periods (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  placement_id uuid NOT NULL,
  person_id uuid NOT NULL,
  start_date date NOT NULL,
  status text NOT NULL CHECK (status IN ('running', 'passed', 'ended')),
  outcome text CHECK (outcome IN ('conclusive', 'not_conclusive', 'ended_early')),
  last_worked_day date,
  reason_code text,
  initiated_by text CHECK (initiated_by IN ('host', 'worker', 'cpas')),
  decided_on date,
  opened_by_event_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  -- One trial per placement: a re-emitted PlacementStarted (new event id, same fact) opens nothing new.
  CONSTRAINT trial_periods_placement_uq UNIQUE (tenant_id, placement_id),
  CONSTRAINT trial_periods_outcome_ck CHECK ((status = 'running') = (outcome IS NULL))
);
CREATE INDEX trial_periods_person_idx ON trial_periods (tenant_id, person_id);

-- Down Migration
DROP TABLE trial_periods;
