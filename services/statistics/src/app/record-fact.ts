import type { Envelope } from '@relais/contracts';
import type { Tx } from '@relais/messaging';
import { storeLiveFact } from '../db/facts.ts';
import { factOf } from '../domain/facts.ts';

/** Keeps the narrowed fact of a consumed event in the read model (live consumer). */
export const recordFact = async (tx: Tx, event: Envelope): Promise<void> => {
  const fact = factOf(event);
  if (fact) await storeLiveFact(tx, event.tenantId, fact);
};
