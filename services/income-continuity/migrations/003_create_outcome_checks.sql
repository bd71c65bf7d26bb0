-- Up Migration
-- Issue 11, outcomes: the person's situation 3, 6 and 12 months after a placement's end (seed 004
-- §4.5, no statistical visibility of trajectories). Three checks per ended placement, created
-- once whichever end event comes first (the domain key: the placement and the milestone).
CREATE TABLE outcome_checks (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  person_id uuid NOT NULL,
  placement_id uuid NOT NULL,
  months_after_end smallint NOT NULL CHECK (months_after_end IN (3, 6, 12)),
  last_worked_day date NOT NULL,
  end_reason text NOT NULL CHECK (end_reason IN ('completed', 'ended_early', 'trial_not_conclusive', 'trial_ended_early')),
  due_on date NOT NULL,
  status text NOT NULL CHECK (status IN ('scheduled', 'due', 'recorded')),
  due_announced_at timestamptz,
  current_outcome_id uuid,
  source_event_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT outcome_checks_milestone_uq UNIQUE (tenant_id, placement_id, months_after_end),
  CONSTRAINT outcome_checks_recorded_ck CHECK ((status = 'recorded') = (current_outcome_id IS NOT NULL))
);
CREATE INDEX outcome_checks_person_idx ON outcome_checks (tenant_id, person_id);
CREATE INDEX outcome_checks_open_idx ON outcome_checks (due_on) WHERE status <> 'recorded';

-- Every record of a situation, first or correction: never updated, so the history stays.
CREATE TABLE outcome_records (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  check_id uuid NOT NULL REFERENCES outcome_checks (id),
  situation text NOT NULL CHECK (situation IN ('employed', 'unemployment_benefits', 'training', 'integration_income', 'other', 'unknown')),
  detail_code text,
  observed_on date NOT NULL,
  corrects_outcome_id uuid REFERENCES outcome_records (id),
  correction_reason text CHECK (correction_reason IN ('data_entry_error', 'late_information', 'situation_misread')),
  recorded_by uuid NOT NULL,
  recorded_role text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT outcome_records_correction_ck CHECK ((corrects_outcome_id IS NULL) = (correction_reason IS NULL)),
  -- One correction per record: two concurrent corrections of the same record cannot both win.
  CONSTRAINT outcome_records_corrects_uq UNIQUE (corrects_outcome_id)
);
CREATE INDEX outcome_records_check_idx ON outcome_records (tenant_id, check_id, recorded_at);
ALTER TABLE outcome_checks ADD CONSTRAINT outcome_checks_current_fk FOREIGN KEY (current_outcome_id) REFERENCES outcome_records (id);

-- Down Migration
ALTER TABLE outcome_checks DROP CONSTRAINT outcome_checks_current_fk;
DROP TABLE outcome_records;
DROP TABLE outcome_checks;
