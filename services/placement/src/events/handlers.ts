import { TrialEndedV1 } from '@relais/contracts';
import { on, type EventHandler } from '@relais/messaging';
import { endPlacement } from '../app/end-placement.ts';

/** Events this service consumes, each mapped to its use case. */
export const handlers = (): EventHandler[] => [on(TrialEndedV1, endPlacement)];
