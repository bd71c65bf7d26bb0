-- Up Migration
CREATE TABLE prevention_visits (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  host_employer_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('pre_approval', 'periodic', 'post_accident', 'on_request')),
  scheduled_for date NOT NULL,
  safety_officer_id uuid NOT NULL,
  status text NOT NULL CHECK (status IN ('scheduled')),
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX prevention_visits_host_idx ON prevention_visits (tenant_id, host_employer_id, scheduled_for);

-- Down Migration
DROP TABLE prevention_visits;
