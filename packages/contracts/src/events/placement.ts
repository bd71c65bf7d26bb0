import { z } from 'zod';
import { defineEvent } from '../define-event.ts';
import { isoDate } from '../envelope.ts';
import { TOPICS } from '../topics.ts';

/**
 * An article 60 §7 placement has started: the CPAS employs the person, made available to
 * a host employer (utilisateur) from `startDate`. Carries identifiers only: consumers that
 * need a person's details ask the owning service.
 */
export const PlacementStartedV1 = defineEvent({
  type: 'PlacementStarted',
  version: 1,
  topic: TOPICS.placement,
  schema: z.object({
    placementId: z.uuid(),
    personId: z.uuid(),
    hostEmployerId: z.uuid(),
    startDate: isoDate,
  }),
  personalFields: ['personId (pseudonymous identifier of the worker)'],
});
