-- Up Migration
-- The statistics read model. The events are the source of truth: this database holds only the
-- facts the statistics need, narrowed (no free text, no names of people), per read-model
-- generation. A rebuild fills a new generation from the earliest Kafka offsets while the live
-- consumer keeps writing to the active one and to the one being built; once the rebuild has read
-- everything that was on the topics when it began, the new generation becomes the active one and
-- the old one's rows are deleted. Generations are rows, not tables created at run time, so every
-- row stays under the row-level security applied after the migrations.
CREATE TABLE read_model_generations (
  generation integer PRIMARY KEY,
  status text NOT NULL CHECK (status IN ('building', 'active', 'retired', 'abandoned')),
  consumer_group text,
  requested_by uuid,
  started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  caught_up_at timestamptz,
  events_read bigint NOT NULL DEFAULT 0,
  note text
);
-- One active generation, at most one being built.
CREATE UNIQUE INDEX read_model_generations_active_uq ON read_model_generations (status) WHERE status IN ('active', 'building');
INSERT INTO read_model_generations (generation, status) VALUES (1, 'active');

-- One row per event and generation, keyed by the person where the event names one, so a
-- person's case can be rebuilt as it stood on any date (appeals).
CREATE TABLE facts (
  generation integer NOT NULL REFERENCES read_model_generations (generation),
  event_id uuid NOT NULL,
  tenant_id uuid NOT NULL,
  person_id uuid,
  event_type text NOT NULL,
  event_version integer NOT NULL,
  occurred_at timestamptz NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (generation, event_id)
);
CREATE INDEX facts_tenant_idx ON facts (generation, tenant_id, occurred_at);
CREATE INDEX facts_person_idx ON facts (generation, tenant_id, person_id, occurred_at) WHERE person_id IS NOT NULL;

-- Down Migration
DROP TABLE facts;
DROP TABLE read_model_generations;
