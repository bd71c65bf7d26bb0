import { NOTIFIED_ROLES } from '../domain/notices.ts';
import type { Reader } from '../db/inbox.ts';

/** The signed-in user as a reader: their id, CPAS, and the team queues their roles open. */
export interface ReaderOf extends Reader {
  readonly tenantId: string;
}

/** The reader of a request's principal (only roles that have a queue count). */
export const readerOf = (principal: {
  readonly userId: string;
  readonly tenantId: string;
  readonly roles: readonly string[];
}): ReaderOf => ({
  userId: principal.userId,
  tenantId: principal.tenantId,
  roles: principal.roles.filter((r) => (NOTIFIED_ROLES as readonly string[]).includes(r)),
});
