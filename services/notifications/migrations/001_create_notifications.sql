-- Up Migration

-- A notification, stored as data (kind, ids, a few parameters) and worded when read. `role` is the
-- team queue it belongs to: every member of the CPAS holding that role sees it, any of them can
-- take it (acknowledged_by), so an absent colleague never blocks a person (seed 004, "AS injoignable").
CREATE TABLE notices (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  kind text NOT NULL,
  role text NOT NULL CHECK (role IN ('social_worker', 'placement_officer', 'safety_officer')),
  person_id uuid,
  subject jsonb NOT NULL,
  params jsonb NOT NULL,
  -- The fact it stems from: the same fact re-emitted under another event id is not told twice.
  dedupe_key text NOT NULL,
  source_event_id uuid,
  reminder_id uuid,
  reminder_round integer,
  created_at timestamptz NOT NULL,
  acknowledged_by uuid,
  acknowledged_at timestamptz,
  CONSTRAINT notices_dedupe_uq UNIQUE (tenant_id, dedupe_key),
  CONSTRAINT notices_acknowledged_ck CHECK ((acknowledged_by IS NULL) = (acknowledged_at IS NULL))
);
CREATE INDEX notices_queue_idx ON notices (tenant_id, role, id DESC);
CREATE INDEX notices_person_idx ON notices (tenant_id, person_id) WHERE person_id IS NOT NULL;

-- Notifications addressed to a user besides their team queue: the person's followers.
CREATE TABLE notice_recipients (
  notice_id uuid NOT NULL REFERENCES notices (id),
  tenant_id uuid NOT NULL,
  user_id uuid NOT NULL,
  PRIMARY KEY (notice_id, user_id)
);
CREATE INDEX notice_recipients_user_idx ON notice_recipients (tenant_id, user_id, notice_id DESC);

-- Who read what (a team item is read by each member on their own).
CREATE TABLE notice_reads (
  notice_id uuid NOT NULL REFERENCES notices (id),
  tenant_id uuid NOT NULL,
  user_id uuid NOT NULL,
  read_at timestamptz NOT NULL,
  PRIMARY KEY (notice_id, user_id)
);

-- Staff who follow a person: events do not say which worker accompanies whom.
CREATE TABLE followers (
  tenant_id uuid NOT NULL,
  person_id uuid NOT NULL,
  user_id uuid NOT NULL,
  role text NOT NULL CHECK (role IN ('social_worker', 'placement_officer')),
  followed_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, person_id, user_id)
);

-- A user's language and email choice; `roles` as they were when saved, for emailing team items.
CREATE TABLE notification_preferences (
  tenant_id uuid NOT NULL,
  user_id uuid NOT NULL,
  email text,
  email_opt_in boolean NOT NULL,
  language text NOT NULL CHECK (language IN ('fr-BE', 'nl-BE')),
  roles text[] NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, user_id),
  CONSTRAINT notification_preferences_email_ck CHECK (NOT email_opt_in OR email IS NOT NULL)
);

-- A reminder: the notification comes back at next_due_at until a closing key's case closes.
CREATE TABLE reminders (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  notice_id uuid NOT NULL REFERENCES notices (id),
  closing_keys text[] NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'resolved', 'exhausted')),
  rounds_sent integer NOT NULL DEFAULT 0,
  max_rounds integer NOT NULL CHECK (max_rounds > 0),
  every_ms bigint NOT NULL CHECK (every_ms > 0),
  next_due_at timestamptz,
  resolved_by text,
  resolved_at timestamptz,
  created_at timestamptz NOT NULL,
  CONSTRAINT reminders_notice_uq UNIQUE (notice_id),
  CONSTRAINT reminders_due_ck CHECK ((status = 'open') = (next_due_at IS NOT NULL))
);
CREATE INDEX reminders_due_idx ON reminders (next_due_at) WHERE status = 'open';
CREATE INDEX reminders_keys_idx ON reminders USING gin (closing_keys) WHERE status = 'open';

-- Cases known closed, so a reminder whose case closed before it was written is born resolved.
CREATE TABLE closed_cases (
  tenant_id uuid NOT NULL,
  case_key text NOT NULL,
  closed_by text NOT NULL,
  closed_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, case_key)
);

-- The person of records named by later events (a committee decision names only its subject).
CREATE TABLE subject_persons (
  tenant_id uuid NOT NULL,
  record text NOT NULL CHECK (record IN ('placement', 'trial_period', 'reopening', 'engagement_proposal')),
  record_id uuid NOT NULL,
  person_id uuid NOT NULL,
  PRIMARY KEY (tenant_id, record, record_id)
);

-- Host employers' names (not personal data), for the sheet and the wording.
CREATE TABLE host_employers (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  name text NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE information_sheets (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  person_id uuid NOT NULL,
  placement_id uuid NOT NULL,
  host_employer_id uuid NOT NULL,
  start_date date NOT NULL,
  created_at timestamptz NOT NULL,
  CONSTRAINT information_sheets_placement_uq UNIQUE (tenant_id, placement_id)
);
CREATE INDEX information_sheets_person_idx ON information_sheets (tenant_id, person_id);

CREATE TABLE information_sheet_documents (
  sheet_id uuid NOT NULL REFERENCES information_sheets (id),
  tenant_id uuid NOT NULL,
  language text NOT NULL CHECK (language IN ('fr-BE', 'nl-BE')),
  pdf bytea NOT NULL,
  PRIMARY KEY (sheet_id, language)
);

CREATE TABLE information_sheet_deliveries (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  sheet_id uuid NOT NULL REFERENCES information_sheets (id),
  delivered_on date NOT NULL,
  channel text NOT NULL CHECK (channel IN ('hand', 'post', 'email')),
  language text NOT NULL CHECK (language IN ('fr-BE', 'nl-BE')),
  recorded_by uuid NOT NULL,
  recorded_at timestamptz NOT NULL
);
CREATE INDEX information_sheet_deliveries_sheet_idx ON information_sheet_deliveries (tenant_id, sheet_id);

-- Emails to send, written in the notification's transaction and sent by a job: SMTP is slow and
-- not transactional, so it never runs inside a consumer's transaction. A lease guards a send in
-- progress; a crashed sender's lease runs out and another instance retries.
CREATE TABLE email_deliveries (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  notice_id uuid NOT NULL REFERENCES notices (id),
  user_id uuid NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'cancelled')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  lease_until timestamptz,
  sent_at timestamptz,
  last_error text,
  created_at timestamptz NOT NULL,
  CONSTRAINT email_deliveries_uq UNIQUE (notice_id, user_id)
);
CREATE INDEX email_deliveries_due_idx ON email_deliveries (next_attempt_at) WHERE status = 'pending';
