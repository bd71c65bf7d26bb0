-- Up Migration
-- Committee decisions told before this service knew their subject's person (the decision and the
-- event naming the person travel on different topics), found again when an event tells it
-- (rememberSubjectPerson). The index holds only those, so looking on every new subject costs a probe.
CREATE INDEX notices_unknown_person_idx ON notices (tenant_id, (subject ->> 'subjectId'))
  WHERE person_id IS NULL AND kind = 'committee_decision';

-- Down Migration
DROP INDEX notices_unknown_person_idx;
