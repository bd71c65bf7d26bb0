-- Up Migration

-- Host employers and their sites as the placement service announced them (HostEmployerRegistered,
-- HostSiteAdded). Only what the prevention officers need: no tutor contact, no candidate data.
-- The safety status is derived (domain/safety-status.ts) and stored with its reason so lists
-- and the overdue job can filter on it; next_periodic_due is derived with it.
CREATE TABLE hosts (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  enterprise_number text NOT NULL,
  name text NOT NULL,
  legal_type text NOT NULL,
  sector text NOT NULL,
  risk_level text NOT NULL DEFAULT 'standard' CHECK (risk_level IN ('low', 'standard', 'high')),
  assigned_safety_officer_id uuid,
  safety_status text NOT NULL DEFAULT 'not_assessed'
    CHECK (safety_status IN ('not_assessed', 'cleared', 'cleared_with_conditions', 'blocked', 'visit_overdue')),
  status_reason text NOT NULL DEFAULT 'host_registered',
  status_since date,
  next_periodic_due date,
  registered_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX hosts_tenant_idx ON hosts (tenant_id, name, id);
CREATE INDEX hosts_periodic_due_idx ON hosts (next_periodic_due) WHERE next_periodic_due IS NOT NULL;

CREATE TABLE host_sites (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  host_employer_id uuid NOT NULL REFERENCES hosts (id),
  name text NOT NULL,
  address text NOT NULL,
  commune text NOT NULL
);
CREATE INDEX host_sites_host_idx ON host_sites (tenant_id, host_employer_id);

-- Placements known by their ids only (PlacementStarted/PlacementEnded): enough to tie an accident
-- to a host, alert the referents of ongoing placements and count worked days for accident rates.
CREATE TABLE placements (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  host_employer_id uuid NOT NULL,
  start_date date NOT NULL,
  last_worked_day date
);
CREATE INDEX placements_host_idx ON placements (tenant_id, host_employer_id);

-- The visits of 001 gain a site, a deadline, a life cycle and a report.
ALTER TABLE prevention_visits DROP CONSTRAINT prevention_visits_status_check;
ALTER TABLE prevention_visits
  ADD COLUMN site_id uuid REFERENCES host_sites (id),
  ADD COLUMN due_by date,
  ADD COLUMN overdue_since date,
  ADD COLUMN cancel_reason text,
  ADD COLUMN accident_id uuid,
  ADD COLUMN completed_on date,
  ADD COLUMN outcome text CHECK (outcome IN ('favourable', 'unfavourable')),
  ADD COLUMN template_id uuid,
  ADD COLUMN checklist jsonb,
  ADD COLUMN report_summary text,
  ADD COLUMN acknowledged_on date,
  ADD COLUMN acknowledged_by_function text,
  ADD COLUMN acknowledgement_comment text,
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  ALTER COLUMN safety_officer_id DROP NOT NULL;
UPDATE prevention_visits SET due_by = scheduled_for;
ALTER TABLE prevention_visits ALTER COLUMN due_by SET NOT NULL,
  ADD CONSTRAINT prevention_visits_status_check CHECK (status IN ('scheduled', 'completed', 'cancelled')),
  ADD CONSTRAINT prevention_visits_report_ck CHECK ((status = 'completed') = (completed_on IS NOT NULL));
CREATE INDEX prevention_visits_officer_idx ON prevention_visits (tenant_id, safety_officer_id, scheduled_for, id);
CREATE INDEX prevention_visits_due_idx ON prevention_visits (due_by) WHERE status = 'scheduled' AND overdue_since IS NULL;

-- Who changed a visit and why (reschedulings and cancellations carry the officer's reason).
CREATE TABLE visit_history (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  visit_id uuid NOT NULL REFERENCES prevention_visits (id),
  change text NOT NULL,
  detail jsonb NOT NULL,
  actor_id uuid,
  actor_role text NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX visit_history_visit_idx ON visit_history (tenant_id, visit_id, at);

-- Versioned checklist templates; tenant_id NULL is the platform default, a CPAS adds its own versions.
CREATE TABLE checklist_templates (
  id uuid PRIMARY KEY,
  tenant_id uuid,
  version integer NOT NULL CHECK (version > 0),
  effective_from date NOT NULL,
  items jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE NULLS NOT DISTINCT (tenant_id, version)
);
-- The default items: issue 4's list, with seed 004 §4.4 ("Accidents du travail") in mind: hosts
-- giving article 60 workers the tasks their own staff refuse, without the same rules and equipment.
INSERT INTO checklist_templates (id, tenant_id, version, effective_from, items) VALUES
  ('0190a000-0000-7000-8000-00000000c001', NULL, 1, '2000-01-01', '[
    {"code": "risk_analysis_available", "labelFr": "Analyse de risques disponible pour le poste", "labelNl": "Risicoanalyse beschikbaar voor de functie"},
    {"code": "workstation_sheet", "labelFr": "Fiche de poste de travail", "labelNl": "Werkpostfiche"},
    {"code": "ppe_free_and_fit", "labelFr": "Équipements de protection individuelle fournis gratuitement et adaptés à la tâche", "labelNl": "Persoonlijke beschermingsmiddelen gratis verstrekt en geschikt voor de taak"},
    {"code": "safety_induction_given", "labelFr": "Accueil sécurité donné", "labelNl": "Veiligheidsonthaal gegeven"},
    {"code": "tutor_designated", "labelFr": "Tuteur désigné", "labelNl": "Peter of meter aangeduid"},
    {"code": "first_aid_and_emergency", "labelFr": "Premiers secours et procédures d''urgence", "labelNl": "Eerste hulp en noodprocedures"},
    {"code": "hazardous_substances", "labelFr": "Substances dangereuses", "labelNl": "Gevaarlijke stoffen"},
    {"code": "health_surveillance", "labelFr": "Surveillance de santé", "labelNl": "Gezondheidstoezicht"},
    {"code": "working_hours", "labelFr": "Horaires de travail", "labelNl": "Arbeidstijden"},
    {"code": "same_rules_as_own_staff", "labelFr": "Mêmes règles de sécurité et équipements que le personnel propre de l''utilisateur", "labelNl": "Dezelfde veiligheidsregels en uitrusting als het eigen personeel van de gebruiker"},
    {"code": "work_accident_procedure_known", "labelFr": "Procédure en cas d''accident du travail connue", "labelNl": "Procedure bij arbeidsongeval gekend"}
  ]');

CREATE TABLE findings (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  visit_id uuid NOT NULL REFERENCES prevention_visits (id),
  host_employer_id uuid NOT NULL REFERENCES hosts (id),
  item_code text,
  severity text NOT NULL CHECK (severity IN ('minor', 'major', 'critical')),
  description text NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'closed')),
  opened_on date NOT NULL,
  closed_on date,
  close_note text,
  CONSTRAINT findings_closed_ck CHECK ((status = 'closed') = (closed_on IS NOT NULL))
);
CREATE INDEX findings_host_idx ON findings (tenant_id, host_employer_id, status);

-- An action is closed only with evidence noted (issue 4).
CREATE TABLE corrective_actions (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  finding_id uuid NOT NULL REFERENCES findings (id),
  host_employer_id uuid NOT NULL REFERENCES hosts (id),
  description text NOT NULL,
  owner text NOT NULL,
  deadline date NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'closed')),
  opened_on date NOT NULL,
  overdue_since date,
  closed_on date,
  evidence text,
  CONSTRAINT corrective_actions_evidence_ck
    CHECK ((status = 'closed') = (closed_on IS NOT NULL AND evidence IS NOT NULL AND length(trim(evidence)) > 0))
);
CREATE INDEX corrective_actions_host_idx ON corrective_actions (tenant_id, host_employer_id, status, deadline);
CREATE INDEX corrective_actions_due_idx ON corrective_actions (deadline) WHERE status = 'open' AND overdue_since IS NULL;

CREATE TABLE work_accidents (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  placement_id uuid NOT NULL REFERENCES placements (id),
  host_employer_id uuid NOT NULL REFERENCES hosts (id),
  site_id uuid NOT NULL REFERENCES host_sites (id),
  occurred_on date NOT NULL,
  description text NOT NULL,
  severity text NOT NULL CHECK (severity IN ('minor', 'moderate', 'severe')),
  days_lost integer NOT NULL CHECK (days_lost >= 0),
  declared_to_insurer boolean NOT NULL,
  post_accident_visit_id uuid NOT NULL REFERENCES prevention_visits (id),
  reported_by uuid NOT NULL,
  reported_by_role text NOT NULL,
  reported_at timestamptz NOT NULL
);
CREATE INDEX work_accidents_host_idx ON work_accidents (tenant_id, host_employer_id, occurred_on);

-- Every change of a host's safety status, with its reason: the host safety history.
CREATE TABLE host_status_history (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  host_employer_id uuid NOT NULL REFERENCES hosts (id),
  from_status text NOT NULL,
  to_status text NOT NULL,
  reason_code text NOT NULL,
  visit_id uuid,
  assessed_on date NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX host_status_history_idx ON host_status_history (tenant_id, host_employer_id, at, id);

-- Effective-dated settings per CPAS (tenant_id NULL: the platform default). Defaults to confirm
-- with the CPAS's prevention service: a visit a year, twice a year for high-risk posts, every two
-- years for low-risk ones; the post-accident visit within 10 days.
CREATE TABLE periodic_visit_intervals (
  tenant_id uuid,
  risk_level text NOT NULL CHECK (risk_level IN ('low', 'standard', 'high')),
  effective_from date NOT NULL,
  interval_days integer NOT NULL CHECK (interval_days > 0),
  UNIQUE NULLS NOT DISTINCT (tenant_id, risk_level, effective_from)
);
INSERT INTO periodic_visit_intervals VALUES
  (NULL, 'low', '2000-01-01', 730),
  (NULL, 'standard', '2000-01-01', 365),
  (NULL, 'high', '2000-01-01', 182);

CREATE TABLE post_accident_visit_settings (
  tenant_id uuid,
  effective_from date NOT NULL,
  due_days integer NOT NULL CHECK (due_days >= 0),
  UNIQUE NULLS NOT DISTINCT (tenant_id, effective_from)
);
INSERT INTO post_accident_visit_settings VALUES (NULL, '2000-01-01', 10);

-- Down Migration
DROP TABLE post_accident_visit_settings;
DROP TABLE periodic_visit_intervals;
DROP TABLE host_status_history;
DROP TABLE work_accidents;
DROP TABLE corrective_actions;
DROP TABLE findings;
DROP TABLE checklist_templates;
DROP TABLE visit_history;
DROP INDEX prevention_visits_due_idx;
DROP INDEX prevention_visits_officer_idx;
ALTER TABLE prevention_visits DROP CONSTRAINT prevention_visits_report_ck;
ALTER TABLE prevention_visits DROP CONSTRAINT prevention_visits_status_check;
DELETE FROM prevention_visits WHERE status <> 'scheduled';
ALTER TABLE prevention_visits
  DROP COLUMN site_id, DROP COLUMN due_by, DROP COLUMN overdue_since, DROP COLUMN cancel_reason,
  DROP COLUMN accident_id, DROP COLUMN completed_on, DROP COLUMN outcome, DROP COLUMN template_id,
  DROP COLUMN checklist, DROP COLUMN report_summary, DROP COLUMN acknowledged_on,
  DROP COLUMN acknowledged_by_function, DROP COLUMN acknowledgement_comment, DROP COLUMN version,
  ADD CONSTRAINT prevention_visits_status_check CHECK (status IN ('scheduled'));
DROP TABLE placements;
DROP TABLE host_sites;
DROP TABLE hosts;
