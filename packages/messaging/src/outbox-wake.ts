import type { Pool } from 'pg';

/**
 * The in-process wake-up of a relay: a transaction that appended to the outbox tells, once
 * committed, whoever watches its pool (the relay of its service, see run-service). NOTIFY stays
 * the way for every other process (another instance may hold the relay's lock) and the poll the
 * safety net; this only spares the relay of the committing process NOTIFY's delivery, measured
 * below with the relay.
 */
const watchers = new WeakMap<Pool, Set<() => void>>();

/** Calls `wake` after each commit of a transaction on `pool` that appended to the outbox; gives what stops it. */
export const watchOutboxCommits = (pool: Pool, wake: () => void): (() => void) => {
  const set = watchers.get(pool) ?? new Set<() => void>();
  watchers.set(pool, set);
  set.add(wake);
  return () => {
    set.delete(wake);
  };
};

/**
 * Tells `pool`'s watchers that a transaction appending to the outbox committed
 * (withTenantTransaction does). A watcher that throws is not the transaction's failure: the
 * transaction is committed, and NOTIFY and the poll still wake the relay.
 */
export const outboxCommitted = (pool: Pool): void => {
  const set = watchers.get(pool);
  if (!set) return;
  for (const wake of set) {
    try {
      wake();
    } catch {
      // See above: nothing of the transaction depends on it.
    }
  }
};
