-- Run once by the postgres image's entrypoint (/docker-entrypoint-initdb.d) when the data
-- volume is new: one database per service. Each service migrates its own schema at start.
-- Idempotent (\gexec runs each generated CREATE DATABASE), so it may also be replayed by hand:
--   docker compose exec -T postgres psql -U postgres -f - < infra/docker/postgres/01-relais-databases.sql
SELECT format('CREATE DATABASE %I', name)
FROM unnest(ARRAY[
  'relais_placement',
  'relais_safety_visits',
  'relais_trial_period',
  'relais_income_continuity',
  'relais_admin_ui',
  'relais_committee',
  'relais_notifications',
  'relais_statistics'
]) AS name
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = name)
\gexec
