import { DomainError } from '@relais/service-kit/errors';

/** Kinds of aid the social service registers. */
export type AidKind = 'rental_guarantee' | 'energy_aid' | 'medical_costs' | 'school_costs' | 'other';

/** An aid request of the person, pending or closed. */
export interface AidRequest {
  readonly id: string;
  readonly kind: AidKind;
  readonly dependsOnIntegrationIncome: boolean;
  readonly requestedOn: string;
  readonly status: 'pending' | 'closed';
  readonly closedOn: string | null;
  readonly closure: 'granted' | 'refused' | 'withdrawn' | null;
}

/** Requests an RI suspension puts at risk: pending, and granted only to people receiving the RI. */
export const aidAtRisk = (requests: readonly AidRequest[]): AidRequest[] =>
  requests.filter((r) => r.status === 'pending' && r.dependsOnIntegrationIncome);

/** Closes a pending request (granted, refused or withdrawn), on or after the day it was made. */
export const closeAidRequest = (
  request: AidRequest,
  closing: { readonly closedOn: string; readonly closure: 'granted' | 'refused' | 'withdrawn' },
): AidRequest => {
  if (request.status === 'closed')
    throw new DomainError('AID_REQUEST_CLOSED', 'conflict', `aid request ${request.id} is already closed`);
  if (closing.closedOn < request.requestedOn)
    throw new DomainError(
      'CLOSED_BEFORE_REQUESTED',
      'invalid',
      'a request closes after it was made',
      'closedOn',
    );
  return { ...request, status: 'closed', closedOn: closing.closedOn, closure: closing.closure };
};
