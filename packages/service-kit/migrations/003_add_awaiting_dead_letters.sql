-- Up Migration
-- `awaiting`: a readable event that needs another one this service has not seen yet (a trial end
-- whose placement start travels on another topic). It does not hold its key back — the awaited
-- event must get through — and is tried again each time an event of its key is applied; after
-- KAFKA_WAIT_FOR_PRECEDING_MS it is parked for the operator like any refused event.
ALTER TABLE dead_letters DROP CONSTRAINT dead_letters_status_check;
ALTER TABLE dead_letters ADD CONSTRAINT dead_letters_status_check
  CHECK (status IN ('parked', 'held', 'replayed', 'discarded', 'awaiting'));
CREATE INDEX dead_letters_awaiting_idx ON dead_letters (consumer_group, message_key, seq)
  WHERE status = 'awaiting';

-- Down Migration
DROP INDEX dead_letters_awaiting_idx;
UPDATE dead_letters SET status = 'parked' WHERE status = 'awaiting';
ALTER TABLE dead_letters DROP CONSTRAINT dead_letters_status_check;
ALTER TABLE dead_letters ADD CONSTRAINT dead_letters_status_check
  CHECK (status IN ('parked', 'held', 'replayed', 'discarded'));
