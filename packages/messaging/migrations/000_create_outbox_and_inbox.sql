-- Up Migration
-- Outbox: rows written in the same transaction as the state change they announce;
-- the relay publishes them in `seq` order and marks them only after the broker acknowledged.
CREATE TABLE outbox (
  seq bigserial PRIMARY KEY,
  event_id uuid NOT NULL UNIQUE,
  tenant_id uuid NOT NULL,
  topic text NOT NULL,
  message_key text NOT NULL,
  event_type text NOT NULL,
  correlation_id uuid NOT NULL,
  envelope jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  published_at timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  last_error text
);
CREATE INDEX outbox_unpublished_idx ON outbox (seq) WHERE published_at IS NULL;

-- Inbox: one row per consumed event id, written in the handler's transaction, so a
-- redelivered event has no second effect.
CREATE TABLE inbox (
  event_id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  event_type text NOT NULL,
  topic text NOT NULL,
  kafka_partition integer NOT NULL,
  kafka_offset bigint NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Down Migration
DROP TABLE inbox;
DROP TABLE outbox;
