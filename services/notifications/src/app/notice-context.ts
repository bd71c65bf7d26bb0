import type { EventOf, EventDefinition } from '@relais/contracts';
import type { ServiceContext } from '@relais/service-kit';
import type { NotificationsConfig } from '../config.ts';
import type { NoticeKind, NotifiedRole } from '../domain/notices.ts';
import type { NoticeOrigin } from './deliver-notice.ts';

/** The context every use case of this service gets. */
export type NotificationsContext = ServiceContext<NotificationsConfig>;

/** The origin of notifications written for an event. */
export const originOf = (event: EventOf<EventDefinition>): NoticeOrigin => ({
  tenantId: event.tenantId,
  sourceEventId: event.id,
});

/** The domain key of a notification: one per fact and team queue, whatever the event's id. */
export const dedupeKey = (kind: NoticeKind, factId: string, role: NotifiedRole): string =>
  `${kind}:${factId}:${role}`;
