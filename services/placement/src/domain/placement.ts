import { DomainError } from '@relais/service-kit/errors';

/** The roles allowed to start a placement (enforced once sign-in exists, issue 7). */
export const START_PLACEMENT_ROLES = ['placement_officer'] as const;

interface PlacementBase {
  readonly id: string;
  readonly tenantId: string;
  readonly personId: string;
  readonly hostEmployerId: string;
  readonly startDate: string;
}

/** An article 60 §7 placement: started, then ended. */
export type Placement =
  | (PlacementBase & { readonly status: 'started' })
  | (PlacementBase & {
      readonly status: 'ended';
      readonly endDate: string;
      readonly endReason: 'trial_not_conclusive' | 'trial_ended_early';
    });

/** The officer's command to start a placement. */
export interface StartPlacement {
  readonly tenantId: string;
  readonly personId: string;
  readonly hostEmployerId: string;
  readonly startDate: string;
}

/** Starts a placement; a person already working an article 60 placement cannot start another. */
export const startPlacement = (
  command: StartPlacement,
  activeOfPerson: Placement | undefined,
  id: string,
): Placement => {
  if (activeOfPerson) {
    throw new DomainError(
      'PERSON_ALREADY_PLACED',
      'conflict',
      `the person already works placement ${activeOfPerson.id} since ${activeOfPerson.startDate}`,
      'personId',
    );
  }
  return { ...command, id, status: 'started' };
};

/**
 * The trial ended without the placement going on: the placement ends on the last worked day.
 * Ending an ended placement changes nothing (the same fact delivered again).
 */
export const endPlacementAfterTrial = (
  placement: Placement,
  trialEnd: { readonly lastWorkedDay: string; readonly outcome: 'not_conclusive' | 'ended_early' },
): Placement | undefined => {
  switch (placement.status) {
    case 'ended':
      return undefined;
    case 'started':
      return {
        ...placement,
        status: 'ended',
        endDate: trialEnd.lastWorkedDay,
        endReason: trialEnd.outcome === 'ended_early' ? 'trial_ended_early' : 'trial_not_conclusive',
      };
    default:
      return placement satisfies never;
  }
};
