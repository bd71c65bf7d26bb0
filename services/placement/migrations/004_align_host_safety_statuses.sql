-- Up Migration
-- The safety statuses as the safety-visits service publishes them (issue 4).
ALTER TABLE host_employers DROP CONSTRAINT host_employers_safety_status_check;
UPDATE host_employers SET safety_status = 'cleared_with_conditions' WHERE safety_status = 'cleared_with_actions';
UPDATE host_employers SET safety_status = 'blocked' WHERE safety_status = 'new_placements_suspended';
ALTER TABLE host_employers ADD CONSTRAINT host_employers_safety_status_check
  CHECK (safety_status IN ('not_assessed', 'cleared', 'cleared_with_conditions', 'blocked', 'visit_overdue'));

-- Down Migration
ALTER TABLE host_employers DROP CONSTRAINT host_employers_safety_status_check;
UPDATE host_employers SET safety_status = 'cleared_with_actions' WHERE safety_status = 'cleared_with_conditions';
UPDATE host_employers SET safety_status = 'new_placements_suspended' WHERE safety_status IN ('blocked', 'visit_overdue');
ALTER TABLE host_employers ADD CONSTRAINT host_employers_safety_status_check
  CHECK (safety_status IN ('not_assessed', 'cleared', 'cleared_with_actions', 'new_placements_suspended'));
