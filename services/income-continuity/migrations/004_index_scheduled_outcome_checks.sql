-- Up Migration
-- The due-check job locks the scheduled checks falling due, oldest first (lockChecksFallingDue,
-- tenantsWithChecksFallingDue). outcome_checks_open_idx also holds the checks announced due and
-- not yet recorded, which the job stepped over on every tick: replaying 100,000 events (150,000
-- checks, nearly all due at once) its query took 114 ms by the end, 12 s of PostgreSQL's time
-- (2026-12-06).
CREATE INDEX outcome_checks_scheduled_idx ON outcome_checks (tenant_id, due_on, id) WHERE status = 'scheduled';

-- Down Migration
DROP INDEX outcome_checks_scheduled_idx;
