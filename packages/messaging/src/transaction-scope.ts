import { AsyncLocalStorage } from 'node:async_hooks';
import type { Envelope } from '@relais/contracts';
import type { Tx } from './transaction.ts';

/**
 * What the work that runs transactions (an HTTP request) adds to each of its writing ones:
 * service-kit writes a request's audit row in the transaction of the change it records, so
 * that one does not commit without the other.
 */
export interface TransactionScope {
  /**
   * Called in each writing transaction run in the scope, just before its COMMIT, with its CPAS and
   * what it changed; what it returns is called once that COMMIT succeeded.
   */
  readonly beforeCommit: (
    tx: Tx,
    tenantId: string,
    change: TransactionChange,
  ) => Promise<(() => void) | undefined>;
}

/** What a transaction says it changed. */
export interface TransactionChange {
  /** The events it appended to the outbox. */
  readonly events: readonly Envelope[];
  /** The persons its code noted (notePersonsChanged). */
  readonly persons: readonly string[];
}

const scopes = new AsyncLocalStorage<TransactionScope>();

/**
 * Runs `work` in `scope`: every writing transaction it runs, directly or through what it calls
 * and awaits, tells the scope before it commits ({@link withTenantTransaction}).
 */
export const runInTransactionScope = <T>(scope: TransactionScope, work: () => T): T =>
  scopes.run(scope, work);

/** The scope the caller runs in, if any. */
export const transactionScope = (): TransactionScope | undefined => scopes.getStore();
