-- Up Migration

-- The pseudonymous id of a placement's worker, from PlacementStarted (which already carries it),
-- copied onto each accident: an accident happened to a person, so every read and change of it is
-- audited against that person (GDPR right of access, issue 7). An identifier only: their name,
-- file and social data stay in placement. NULL for placements learnt before this migration.
ALTER TABLE placements ADD COLUMN person_id uuid;
ALTER TABLE work_accidents ADD COLUMN person_id uuid;

-- Down Migration
ALTER TABLE work_accidents DROP COLUMN person_id;
ALTER TABLE placements DROP COLUMN person_id;
