-- Up Migration
-- Dead letters: every consumed message that was not applied in stream, kept whole (value,
-- key, headers, where it came from) with the reason, so an operator can list, fix, replay or
-- discard it. `held` messages were readable but came after a parked one of the same key: they
-- wait for it so one person's events are never applied out of order. No `tenant_id` column on
-- purpose: dead letters are the platform operator's cross-CPAS tool (an undecodable message has
-- no CPAS at all), so the table is outside row-level security; `event_tenant_id` says which CPAS
-- a readable one is about. The application role may insert and update rows, never delete them.
CREATE TABLE dead_letters (
  seq bigserial NOT NULL UNIQUE,
  id uuid PRIMARY KEY,
  consumer_group text NOT NULL,
  source_topic text NOT NULL,
  source_partition integer NOT NULL,
  source_offset bigint NOT NULL,
  -- '' when the message had no key (such a message holds nothing back).
  message_key text NOT NULL,
  headers jsonb NOT NULL DEFAULT '{}',
  value bytea,
  reason text NOT NULL,
  detail jsonb,
  event_id uuid,
  event_type text,
  event_version integer,
  event_tenant_id uuid,
  status text NOT NULL CHECK (status IN ('parked', 'held', 'replayed', 'discarded')),
  held_behind uuid REFERENCES dead_letters (id),
  parked_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  attempts integer NOT NULL DEFAULT 0,
  last_attempt_at timestamptz,
  resolved_at timestamptz,
  resolved_by text,
  resolution jsonb,
  -- A redelivered message (same group, topic, partition and offset) is stored once.
  UNIQUE (consumer_group, source_topic, source_partition, source_offset)
);
-- The hold check of every consumed message: is anything of this key still waiting?
CREATE INDEX dead_letters_open_by_key_idx ON dead_letters (consumer_group, message_key, seq)
  WHERE status IN ('parked', 'held');
CREATE INDEX dead_letters_status_idx ON dead_letters (status, seq);

-- An event consumed but not applied because its fact was already applied under another id
-- (a re-emission) is recorded as such, with the handler's note.
ALTER TABLE inbox ADD COLUMN outcome text NOT NULL DEFAULT 'applied'
  CHECK (outcome IN ('applied', 'ignored_duplicate'));
ALTER TABLE inbox ADD COLUMN note text;

-- Down Migration
ALTER TABLE inbox DROP COLUMN note;
ALTER TABLE inbox DROP COLUMN outcome;
DROP TABLE dead_letters;
