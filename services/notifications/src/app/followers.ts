import { withTenantTransaction } from '@relais/messaging';
import { DomainError, type RequestPrincipal } from '@relais/service-kit';
import { FOLLOWER_ROLES, type FollowerRole } from '../domain/notices.ts';
import {
  deleteFollower,
  findFollower,
  insertFollower,
  listFollowers,
  type Follower,
} from '../db/followers.ts';
import type { NotificationsContext } from './notice-context.ts';

/**
 * The signed-in member of staff follows a person, in the role they act in (the first of theirs
 * among social worker and placement officer): that person's notifications of that role are
 * addressed to them as well as to their team. Following again changes nothing.
 */
export const followPerson = (
  context: NotificationsContext,
  principal: RequestPrincipal,
  personId: string,
): Promise<{ follower: Follower; created: boolean }> =>
  withTenantTransaction(context.pool, principal.tenantId, async (tx) => {
    const role = (FOLLOWER_ROLES as readonly string[]).includes(principal.actingRole)
      ? (principal.actingRole as FollowerRole)
      : undefined;
    if (!role)
      throw new DomainError(
        'ROLE_NOT_ALLOWED',
        'forbidden',
        `a ${principal.actingRole} cannot follow a person`,
      );
    const created = await insertFollower(tx, principal.tenantId, {
      personId,
      userId: principal.userId,
      role,
      at: context.clock.now(),
    });
    const follower = await findFollower(tx, personId, principal.userId);
    if (!follower) throw new Error('follower not found after insert');
    return { follower, created };
  });

/** The signed-in member of staff stops following a person. */
export const unfollowPerson = (
  context: NotificationsContext,
  principal: RequestPrincipal,
  personId: string,
): Promise<void> =>
  withTenantTransaction(context.pool, principal.tenantId, async (tx) => {
    if (!(await deleteFollower(tx, personId, principal.userId)))
      throw new DomainError('NOT_FOLLOWING', 'not_found', `the caller does not follow person ${personId}`);
  });

/** Who follows a person. */
export const getFollowers = (
  context: NotificationsContext,
  tenantId: string,
  personId: string,
): Promise<Follower[]> =>
  withTenantTransaction(context.pool, tenantId, (tx) => listFollowers(tx, personId), { readOnly: true });
