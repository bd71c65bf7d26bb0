-- Up Migration
CREATE TABLE shortlists (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  position_id uuid NOT NULL REFERENCES positions (id),
  mode text NOT NULL CHECK (mode IN ('single', 'shortlist')),
  status text NOT NULL CHECK (status IN ('presented', 'chosen', 'cancelled')),
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  decided_at timestamptz
);
CREATE INDEX shortlists_position_idx ON shortlists (tenant_id, position_id);

CREATE TABLE shortlist_entries (
  shortlist_id uuid NOT NULL REFERENCES shortlists (id),
  tenant_id uuid NOT NULL,
  candidate_id uuid NOT NULL REFERENCES candidates (id),
  rank integer NOT NULL,
  score numeric NOT NULL,
  explanation jsonb NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('pending', 'chosen', 'not_chosen')),
  rejection_reason text,
  PRIMARY KEY (shortlist_id, candidate_id),
  CONSTRAINT shortlist_entries_reason_ck CHECK ((outcome = 'not_chosen') = (rejection_reason IS NOT NULL))
);

CREATE TABLE engagement_proposals (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  shortlist_id uuid NOT NULL REFERENCES shortlists (id),
  position_id uuid NOT NULL REFERENCES positions (id),
  candidate_id uuid NOT NULL REFERENCES candidates (id),
  host_employer_id uuid NOT NULL REFERENCES host_employers (id),
  start_date date NOT NULL,
  end_date date NOT NULL,
  weekly_hours numeric NOT NULL,
  pay_scale text NOT NULL,
  host_deadline date,
  status text NOT NULL CHECK (status IN ('awaiting_committee', 'approved', 'refused', 'withdrawn')),
  committee_decision_id uuid,
  decided_on date,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT engagement_proposals_dates_ck CHECK (end_date >= start_date)
);
CREATE INDEX engagement_proposals_status_idx ON engagement_proposals (tenant_id, status, host_deadline);
-- One live proposal per candidate.
CREATE UNIQUE INDEX engagement_proposals_live_uq ON engagement_proposals (tenant_id, candidate_id)
  WHERE status = 'awaiting_committee';

-- A contract approved by the committee is a placement that starts on its start date.
ALTER TABLE placements
  ADD COLUMN proposal_id uuid REFERENCES engagement_proposals (id),
  ADD COLUMN position_id uuid REFERENCES positions (id),
  ADD COLUMN planned_end_date date,
  ADD COLUMN weekly_hours numeric,
  ADD COLUMN pay_scale text;
ALTER TABLE placements DROP CONSTRAINT placements_status_check;
ALTER TABLE placements ADD CONSTRAINT placements_status_check CHECK (status IN ('scheduled', 'started', 'ended'));
ALTER TABLE placements DROP CONSTRAINT placements_end_reason_check;
ALTER TABLE placements ADD CONSTRAINT placements_end_reason_check
  CHECK (end_reason IN ('completed', 'ended_early', 'trial_not_conclusive', 'trial_ended_early'));
CREATE UNIQUE INDEX placements_proposal_uq ON placements (proposal_id) WHERE proposal_id IS NOT NULL;
CREATE INDEX placements_due_idx ON placements (status, start_date) WHERE status = 'scheduled';
DROP INDEX placements_one_active_per_person_uq;
CREATE UNIQUE INDEX placements_one_active_per_person_uq ON placements (tenant_id, person_id) WHERE status IN ('scheduled', 'started');

-- Down Migration
DROP INDEX placements_due_idx;
DROP INDEX placements_proposal_uq;
ALTER TABLE placements DROP COLUMN proposal_id, DROP COLUMN position_id, DROP COLUMN planned_end_date,
  DROP COLUMN weekly_hours, DROP COLUMN pay_scale;
DROP TABLE engagement_proposals;
DROP TABLE shortlist_entries;
DROP TABLE shortlists;
