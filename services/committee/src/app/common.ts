import { notePersonsChanged, withTenantTransaction, type Tx } from '@relais/messaging';
import { belgianDay, DomainError, type ServiceContext } from '@relais/service-kit';
import type { Actor } from '../domain/model.ts';
import { findItem, type ItemRecord } from '../db/items.ts';
import { findSession } from '../db/sessions.ts';
import type { Session } from '../domain/model.ts';

/** Who asks, for which CPAS, under which correlation id: what every command carries. */
export interface CommandMeta {
  readonly tenantId: string;
  readonly actor: Actor;
  readonly correlationId: string;
}

/** Today in Belgium, by the service's clock. */
export const todayOf = (context: ServiceContext): string => belgianDay(context.clock.now());

/** Runs a use case in one transaction held to the CPAS. */
export const inTenant = <T>(
  context: ServiceContext,
  tenantId: string,
  work: (tx: Tx) => Promise<T>,
): Promise<T> => withTenantTransaction(context.pool, tenantId, work);

/** A read in one snapshot. */
export const readInTenant = <T>(
  context: ServiceContext,
  tenantId: string,
  work: (tx: Tx) => Promise<T>,
): Promise<T> => withTenantTransaction(context.pool, tenantId, work, { readOnly: true });

/**
 * The item, or the 404 an unknown id (or another CPAS's) gets. Locked (`lock`), it is the item
 * the transaction changes: its person is noted for the change's audit row.
 */
export const requireItem = async (
  tx: Tx,
  tenantId: string,
  itemId: string,
  lock = false,
): Promise<ItemRecord> => {
  const item = await findItem(tx, tenantId, itemId, lock);
  if (!item) throw new DomainError('ITEM_NOT_FOUND', 'not_found', `no agenda item ${itemId}`);
  if (lock && item.personId) notePersonsChanged(tx, [item.personId]);
  return item;
};

/** The session, or the 404 an unknown id (or another CPAS's) gets. */
export const requireSession = async (
  tx: Tx,
  tenantId: string,
  sessionId: string,
  lock = false,
): Promise<Session> => {
  const session = await findSession(tx, tenantId, sessionId, lock);
  if (!session)
    throw new DomainError('SESSION_NOT_FOUND', 'not_found', `no session ${sessionId}`, 'sessionId');
  return session;
};
