import { DomainError } from '@relais/service-kit/errors';

/** The team side of a notification: whose queue it is in and who took it, if anyone. */
export interface TeamItem {
  readonly id: string;
  readonly role: string;
  readonly acknowledgedBy: string | null;
}

/**
 * A member of the team takes an item of its queue (seed 004, "AS injoignable": any social
 * worker can act for an absent colleague). The first one holds it; the others see who did.
 * Taking it again oneself changes nothing.
 */
export const acknowledge = (
  item: TeamItem,
  user: { readonly userId: string; readonly roles: readonly string[] },
): 'acknowledge' | 'unchanged' => {
  if (!user.roles.includes(item.role))
    throw new DomainError(
      'NOT_IN_TEAM_QUEUE',
      'forbidden',
      `notification ${item.id} is in the ${item.role} queue, which is not one of the caller's roles`,
    );
  if (item.acknowledgedBy === user.userId) return 'unchanged';
  if (item.acknowledgedBy !== null)
    throw new DomainError(
      'NOTIFICATION_ALREADY_ACKNOWLEDGED',
      'conflict',
      `notification ${item.id} was already taken by a colleague`,
    );
  return 'acknowledge';
};
