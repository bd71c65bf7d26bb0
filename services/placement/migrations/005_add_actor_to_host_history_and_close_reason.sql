-- Up Migration
-- Who made a partner-status change, in columns of their own (not folded into the reason text);
-- null when the platform applied an event (then source_event_id names it).
ALTER TABLE host_partner_history ADD COLUMN actor_id uuid, ADD COLUMN actor_role text;
ALTER TABLE host_partner_history ADD CONSTRAINT host_partner_history_cause_ck
  CHECK ((actor_id IS NULL) = (actor_role IS NULL) AND (actor_id IS NOT NULL OR source_event_id IS NOT NULL));
-- Why the officer closed a position.
ALTER TABLE positions ADD COLUMN close_reason text;

-- Down Migration
ALTER TABLE positions DROP COLUMN close_reason;
ALTER TABLE host_partner_history DROP CONSTRAINT host_partner_history_cause_ck;
ALTER TABLE host_partner_history DROP COLUMN actor_id, DROP COLUMN actor_role;
