-- Up Migration
-- A host employer's name can come after the notices and the information sheet that should carry it:
-- HostEmployerRegistered travels on the placement topic, the placement start, the accidents and the
-- safety statuses on others, and nothing orders them. When the host is registered, its notices told
-- without a name get it (onHostRegistered); this index holds only those, so the look is a probe.
CREATE INDEX notices_unnamed_host_idx ON notices (tenant_id, (subject ->> 'hostEmployerId'))
  WHERE subject ? 'hostEmployerId' AND params ->> 'hostName' IS NULL;

-- The host's name an information sheet's documents carry, so that a sheet not yet handed over is
-- written again when its host's name comes or changes. NULL for the sheets written before this
-- column: a registration of their host writes them again if they are not handed over yet.
ALTER TABLE information_sheets ADD COLUMN host_name text;
CREATE INDEX information_sheets_host_idx ON information_sheets (tenant_id, host_employer_id);

-- Down Migration
DROP INDEX information_sheets_host_idx;
ALTER TABLE information_sheets DROP COLUMN host_name;
DROP INDEX notices_unnamed_host_idx;
