import {
  HostEmployerRegisteredV1,
  HostSiteAddedV1,
  PlacementEndedV1,
  PlacementStartedV1,
} from '@relais/contracts';
import { on, type EventHandler } from '@relais/messaging';
import { onHostRegistered, onHostSiteAdded } from '../app/on-host-registered.ts';
import { onPlacementEnded, onPlacementStarted } from '../app/on-placement.ts';

/** Events this service consumes, each mapped to its use case. */
export const handlers = (): EventHandler[] => [
  on(HostEmployerRegisteredV1, onHostRegistered),
  on(HostSiteAddedV1, onHostSiteAdded),
  on(PlacementStartedV1, onPlacementStarted),
  on(PlacementEndedV1, onPlacementEnded),
];
