import {
  buildEvent,
  WorkAccidentReportedV1,
  type DataInputOf,
  type EventDefinition,
  type EventOf,
} from '@relais/contracts';
import type { Clock, UserRole } from '@relais/service-kit';
import { authHeaders, produceEvents, testKafka, type TestService } from '@relais/testing';
import type { NotificationsConfig } from '../src/config.ts';
import { v7 as uuidv7 } from 'uuid';
import { inject } from 'vitest';

/** The shared servers the integration project provides. */
export const infra = () => ({
  kafkaBrokers: inject('kafkaBrokers'),
  postgresUrl: inject('postgresUrl'),
  redisUrl: inject('redisUrl'),
});

/** A clock the test moves forward, so reminders come due without waiting days. */
export const movableClock = (): { clock: Clock; advance: (ms: number) => void } => {
  let offset = 0;
  return {
    clock: { now: () => new Date(Date.now() + offset), newId: () => uuidv7() },
    advance: (ms) => {
      offset += ms;
    },
  };
};

/** One day, for moving the clock. */
export const DAY = 24 * 60 * 60 * 1000;

/** An event of a CPAS, as its producer would emit it. */
export const eventOf = <D extends EventDefinition>(
  definition: D,
  tenantId: string,
  aggregateId: string,
  data: DataInputOf<D>,
): EventOf<D> =>
  buildEvent(definition, {
    id: uuidv7(),
    occurredAt: new Date().toISOString(),
    tenantId,
    aggregateId,
    correlationId: uuidv7(),
    causationId: null,
    data,
  });

/** A work accident of a CPAS, minor unless `data` says otherwise, its visit due as `data` says. */
export const workAccident = (
  tenantId: string,
  data: Pick<DataInputOf<typeof WorkAccidentReportedV1>, 'postAccidentVisitDueBy'> &
    Partial<DataInputOf<typeof WorkAccidentReportedV1>>,
): EventOf<typeof WorkAccidentReportedV1> => {
  const accidentId = data.accidentId ?? uuidv7();
  return eventOf(WorkAccidentReportedV1, tenantId, accidentId, {
    accidentId,
    placementId: uuidv7(),
    hostEmployerId: uuidv7(),
    siteId: uuidv7(),
    occurredOn: '2026-03-10',
    severity: 'minor',
    daysLost: 0,
    declaredToInsurer: true,
    postAccidentVisitId: uuidv7(),
    ...data,
  });
};

/** Puts events on their topics (under the test's prefix), keyed by their aggregate. */
export const publish = async (
  service: TestService<NotificationsConfig>,
  ...events: EventOf<EventDefinition>[]
): Promise<void> => {
  await produceEvents(testKafka(service.service.context.config.KAFKA_BROKERS), service.prefix, events);
};

/** A member of staff of a CPAS, with a stable id. */
export interface Staff {
  readonly tenantId: string;
  readonly userId: string;
  readonly roles: UserRole[];
}

/** A member of staff in one role. */
export const staff = (tenantId: string, role: UserRole): Staff => ({
  tenantId,
  userId: uuidv7(),
  roles: [role],
});

/** A notification as the API returns it. */
export interface Item {
  id: string;
  kind: string;
  role: string;
  personId: string | null;
  title: string;
  body: string;
  link: string;
  reminder: { round: number } | null;
  addressedToMe: boolean;
  readAt: string | null;
  acknowledgement: { by: string; at: string } | null;
}

/** Calls the service as a member of staff. */
export const as = (service: TestService<NotificationsConfig>, user: Staff) => {
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    service.service.app.inject({
      method,
      url,
      headers: await authHeaders(user),
      ...(payload ? { payload } : {}),
    });
  return {
    call,
    inbox: async (query = '') => {
      const res = await call('GET', `/notifications${query}`);
      if (res.statusCode !== 200) throw new Error(`inbox answered ${String(res.statusCode)}: ${res.body}`);
      return res.json<{ items: Item[]; nextCursor: string | null }>().items;
    },
    counts: async () =>
      (await call('GET', '/notifications/unread-count')).json<{
        total: number;
        mine: number;
        team: number;
      }>(),
  };
};
