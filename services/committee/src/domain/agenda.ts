import { DomainError } from '@relais/service-kit/errors';
import type { AgendaItem, Session } from './model.ts';
import { checkPlanned } from './sessions.ts';

const checkNotDecided = (item: AgendaItem): void => {
  if (item.status === 'decided')
    throw new DomainError(
      'ITEM_ALREADY_DECIDED',
      'conflict',
      `item ${item.id} is decided: correct its decisions instead`,
    );
};

/** Puts a pending item on a planned session's agenda, at the end or at a place. */
export const scheduleItem = (item: AgendaItem, session: Session): AgendaItem => {
  checkPlanned(session);
  checkNotDecided(item);
  if (item.sessionId !== null)
    throw new DomainError(
      'ITEM_ALREADY_SCHEDULED',
      'conflict',
      `item ${item.id} is on another session's agenda: postpone it to move it`,
    );
  return { ...item, status: 'scheduled', sessionId: session.id };
};

/** The agenda in a new order: the same items, each once. */
export const orderAgenda = (
  session: Session,
  scheduled: readonly string[],
  order: readonly string[],
): string[] => {
  checkPlanned(session);
  const wanted = new Set(order);
  if (
    wanted.size !== order.length ||
    wanted.size !== scheduled.length ||
    !scheduled.every((id) => wanted.has(id))
  )
    throw new DomainError(
      'ORDER_NOT_THE_AGENDA',
      'invalid',
      'give every item of the agenda exactly once',
      'itemIds',
    );
  return [...order];
};

/**
 * Takes an item off its session (back to the pending items, or onto another planned session),
 * with the reason the minutes and the history show. Decisions recorded but not signed at this
 * session are discarded — said in the history, never silently — since the next session decides
 * afresh; the decision deadline keeps running from the request.
 */
export const postponeItem = (
  item: AgendaItem,
  from: Session,
  to: Session | null,
): { item: AgendaItem; discardedDecisionIds: string[] } => {
  checkNotDecided(item);
  if (item.sessionId !== from.id)
    throw new DomainError('ITEM_NOT_SCHEDULED', 'conflict', `item ${item.id} is not on a session's agenda`);
  checkPlanned(from);
  if (to) {
    checkPlanned(to);
    if (to.id === from.id)
      throw new DomainError(
        'POSTPONED_TO_SAME_SESSION',
        'invalid',
        'postpone to another session',
        'toSessionId',
      );
  }
  const discarded = item.decisions.filter((d) => d.status === 'recorded' && d.sessionId === from.id);
  return {
    item: {
      ...item,
      status: to ? 'scheduled' : 'pending',
      sessionId: to?.id ?? null,
      position: null,
      decisions: item.decisions.filter((d) => !discarded.includes(d)),
    },
    discardedDecisionIds: discarded.map((d) => d.id),
  };
};
