import type { Tx } from '@relais/messaging';
import { belgianDay, DomainError, type ServiceContext } from '@relais/service-kit';
import type { SafetyHost } from '../domain/model.ts';
import { findHost } from '../db/hosts.ts';

/** Today in Belgium, for the CPAS. */
export const todayOf = (context: ServiceContext): string => belgianDay(context.clock.now());

/** The id and time of a history entry. */
export const entryOf = (context: ServiceContext): { id: string; at: string } => ({
  id: context.clock.newId(),
  at: context.clock.now().toISOString(),
});

/** Where a change comes from, for the events it emits. */
export interface Cause {
  readonly correlationId: string;
  readonly causationId: string | null;
}

/** The host row, locked for a change; 404 HOST_EMPLOYER_UNKNOWN when the CPAS has no such host. */
export const lockHost = async (tx: Tx, tenantId: string, hostId: string): Promise<SafetyHost> => {
  const host = await findHost(tx, tenantId, hostId, true);
  if (!host) throw new DomainError('HOST_EMPLOYER_UNKNOWN', 'not_found', `no host employer ${hostId}`);
  return host;
};

/** A 404 for a record the CPAS does not have (also another CPAS's). */
export const notFound = (code: string, what: string, id: string): DomainError =>
  new DomainError(code, 'not_found', `no ${what} ${id}`);
