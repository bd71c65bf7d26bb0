import { withTenantTransaction } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import { loadPersonFacts } from '../db/facts.ts';
import { caseOnDate, type CaseOnDate } from '../domain/case-on-date.ts';

/** A person's case as it stood on a date, from the events (an unknown person: an empty case). */
export const readCaseOnDate = async (
  context: ServiceContext,
  tenantId: string,
  personId: string,
  date: string,
): Promise<CaseOnDate> => {
  const facts = await withTenantTransaction(context.pool, tenantId, (tx) => loadPersonFacts(tx, personId), {
    readOnly: true,
  });
  return caseOnDate(personId, date, facts);
};
