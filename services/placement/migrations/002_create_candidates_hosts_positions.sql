-- Up Migration

-- Controlled vocabulary of skills, per CPAS; it grows through the API (never free text alone).
CREATE TABLE skills (
  tenant_id uuid NOT NULL,
  code text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]{1,60}$'),
  label_fr text NOT NULL,
  label_nl text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (tenant_id, code)
);

-- Candidates referred by the social service. Personal data lives here and nowhere else:
-- events carry the candidate id only.
CREATE TABLE candidates (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  niss char(11) NOT NULL,
  first_name text NOT NULL,
  last_name text NOT NULL,
  email text,
  phone text,
  income_category text NOT NULL CHECK (income_category IN ('cohabitant', 'single', 'with_dependants')),
  languages jsonb NOT NULL,
  skills text[] NOT NULL,
  skills_note text,
  experience_note text,
  driving_licence boolean NOT NULL,
  time_windows jsonb NOT NULL,
  days_unavailable text[] NOT NULL,
  home_commune text NOT NULL,
  home_lat double precision NOT NULL,
  home_lon double precision NOT NULL,
  max_travel_km numeric NOT NULL CHECK (max_travel_km > 0),
  health_restrictions text[] NOT NULL,
  has_criminal_record boolean NOT NULL,
  wished_sectors text[] NOT NULL,
  wished_jobs text[] NOT NULL,
  wishes_in_own_words text,
  work_readiness text NOT NULL CHECK (work_readiness IN ('not_ready', 'ready_with_support', 'ready')),
  days_needed_for_rights integer NOT NULL CHECK (days_needed_for_rights >= 0),
  referred_on date NOT NULL,
  status text NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT candidates_niss_uq UNIQUE (tenant_id, niss)
);
CREATE INDEX candidates_status_idx ON candidates (tenant_id, status, referred_on);

CREATE TABLE candidate_status_history (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  candidate_id uuid NOT NULL REFERENCES candidates (id),
  from_status text,
  to_status text NOT NULL,
  reason text NOT NULL,
  actor_id uuid NOT NULL,
  actor_role text NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX candidate_status_history_idx ON candidate_status_history (tenant_id, candidate_id, at);

CREATE TABLE host_employers (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  enterprise_number char(10) NOT NULL,
  name text NOT NULL,
  legal_type text NOT NULL CHECK (legal_type IN ('municipality', 'asbl', 'public_body', 'social_economy', 'partner_company')),
  sector text NOT NULL,
  tutor_name text NOT NULL,
  tutor_email text,
  tutor_phone text,
  partner_status text NOT NULL CHECK (partner_status IN ('pending_safety_visit', 'awaiting_committee', 'approved', 'suspended', 'ended')),
  safety_status text NOT NULL DEFAULT 'not_assessed'
    CHECK (safety_status IN ('not_assessed', 'cleared', 'cleared_with_actions', 'new_placements_suspended')),
  safety_assessed_on date,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT host_employers_enterprise_uq UNIQUE (tenant_id, enterprise_number)
);

CREATE TABLE host_partner_history (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  host_employer_id uuid NOT NULL REFERENCES host_employers (id),
  from_status text,
  to_status text NOT NULL,
  reason text NOT NULL,
  source_event_id uuid,
  at timestamptz NOT NULL
);

CREATE TABLE host_sites (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  host_employer_id uuid NOT NULL REFERENCES host_employers (id),
  name text NOT NULL,
  address text NOT NULL,
  commune text NOT NULL,
  lat double precision NOT NULL,
  lon double precision NOT NULL
);
CREATE INDEX host_sites_host_idx ON host_sites (tenant_id, host_employer_id);

CREATE TABLE positions (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  host_employer_id uuid NOT NULL REFERENCES host_employers (id),
  site_id uuid NOT NULL REFERENCES host_sites (id),
  title text NOT NULL,
  tasks text NOT NULL,
  required_skills text[] NOT NULL,
  desired_skills text[] NOT NULL,
  min_languages jsonb NOT NULL,
  schedule jsonb NOT NULL,
  physical_demands text[] NOT NULL,
  driving_licence_required boolean NOT NULL,
  criminal_record_acceptable boolean NOT NULL,
  openings integer NOT NULL CHECK (openings > 0),
  filled integer NOT NULL DEFAULT 0 CHECK (filled >= 0),
  wished_start date,
  fill_deadline date,
  status text NOT NULL CHECK (status IN ('open', 'filled', 'expired', 'closed')),
  opened_on date NOT NULL,
  expires_on date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX positions_status_idx ON positions (tenant_id, status, expires_on);

-- Effective-dated settings per CPAS (a row with tenant_id NULL is the platform default).
CREATE TABLE matching_settings (
  tenant_id uuid,
  effective_from date NOT NULL,
  weights jsonb NOT NULL,
  shortlist_size integer NOT NULL CHECK (shortlist_size BETWEEN 1 AND 50),
  position_expiry_days integer NOT NULL CHECK (position_expiry_days > 0),
  deadline_risk_days integer NOT NULL CHECK (deadline_risk_days >= 0),
  UNIQUE NULLS NOT DISTINCT (tenant_id, effective_from)
);
-- Defaults to be confirmed with the CPAS: equal weight to skills and waiting time (fairness,
-- DOMAIN.md story 6), shortlists of 10 (seed 004 §4.4: "~10 per post"), positions open 90 days,
-- proposals flagged 10 days before the host's deadline.
INSERT INTO matching_settings VALUES
  (NULL, '2000-01-01', '{"skills": 0.35, "wishes": 0.2, "distance": 0.15, "waiting": 0.3}', 10, 90, 10);

-- Legal parameters of engagements (days counted in the six-day system, hours): configuration
-- to confirm with the CPAS's legal service, effective-dated, never in code.
CREATE TABLE engagement_rules (
  tenant_id uuid,
  effective_from date NOT NULL,
  full_time_weekly_hours numeric NOT NULL,
  counted_days_per_full_time_week numeric NOT NULL,
  min_weekly_hours numeric NOT NULL,
  max_weekly_hours numeric NOT NULL,
  max_contract_days integer NOT NULL,
  UNIQUE NULLS NOT DISTINCT (tenant_id, effective_from)
);
INSERT INTO engagement_rules VALUES (NULL, '2000-01-01', 38, 6, 19, 38, 731);

-- Down Migration
DROP TABLE engagement_rules;
DROP TABLE matching_settings;
DROP TABLE positions;
DROP TABLE host_sites;
DROP TABLE host_partner_history;
DROP TABLE host_employers;
DROP TABLE candidate_status_history;
DROP TABLE candidates;
DROP TABLE skills;
