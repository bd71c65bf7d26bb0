-- Up Migration
CREATE TABLE placements (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  person_id uuid NOT NULL,
  host_employer_id uuid NOT NULL,
  start_date date NOT NULL,
  status text NOT NULL CHECK (status IN ('started', 'ended')),
  end_date date,
  end_reason text CHECK (end_reason IN ('trial_not_conclusive', 'trial_ended_early')),
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT placements_end_ck CHECK ((status = 'ended') = (end_date IS NOT NULL))
);
-- A person works one article 60 placement at a time.
CREATE UNIQUE INDEX placements_one_active_per_person_uq ON placements (tenant_id, person_id) WHERE status = 'started';

-- Down Migration
DROP TABLE placements;
