import type { UserRole } from '@relais/service-kit';
import type { FastifyRequest } from 'fastify';
import type { PageApi } from './page-api.ts';

import { opens } from './page-access.ts';

const counts = new WeakMap<FastifyRequest, number>();

/** Whether a user receives notifications (the inbox's page rule says who). */
export const isNotified = (roles: readonly UserRole[]): boolean => opens(roles, 'GET /notifications');

/**
 * Reads the user's unread count for the header before a page renders. A notifications service
 * that does not answer leaves the badge out: the page itself must not fail for it.
 */
export const loadUnreadCount = async (request: FastifyRequest, api: PageApi): Promise<void> => {
  const answer = await api.attempt<{ total: number }>('notifications', '/notifications/unread-count');
  if (answer.ok) counts.set(request, answer.value.total);
};

/** The unread count read for this request, if any. */
export const unreadCountOf = (request: FastifyRequest): number | null => counts.get(request) ?? null;
