-- Up Migration
-- A set-aside (`awaiting`) letter is parked only once its wait is over AND the consumer group has
-- read everything that was on its topics when the wait ended: behind a long backlog (a replay from
-- the earliest offset, an instance down for an hour) the awaited event may still be queued unread,
-- and parking then would hold a person's events for the operator for nothing. `park_once_read`
-- holds that log end, per topic and partition ({"topic": {"0": "1234"}}), taken when the wait ended.
ALTER TABLE dead_letters ADD COLUMN park_once_read jsonb;

-- Down Migration
ALTER TABLE dead_letters DROP COLUMN park_once_read;
