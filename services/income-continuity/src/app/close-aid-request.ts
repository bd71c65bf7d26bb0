import { AidRequestClosedV1 } from '@relais/contracts';
import { withTenantTransaction } from '@relais/messaging';
import { DomainError, type RequestActor, type ServiceContext } from '@relais/service-kit';
import { closeAidRequest as decide } from '../domain/aid.ts';
import { checkRole } from '../domain/roles.ts';
import { lockPerson } from '../db/coverage.ts';
import { findAidRequest, saveAidClosure, type AidRequestRecord } from '../db/aid-requests.ts';
import { appendTimeline } from '../db/timeline.ts';

/**
 * The social service closes an aid request: granted, refused or withdrawn. `AidRequestClosed` goes
 * out in the same transaction, so an alert about the request being at risk stops with it (a request
 * is closed once: the event is emitted once).
 */
export const closeAidRequest = (
  context: ServiceContext,
  input: RequestActor & {
    readonly personId: string;
    readonly aidRequestId: string;
    readonly closing: { readonly closedOn: string; readonly closure: 'granted' | 'refused' | 'withdrawn' };
    readonly correlationId: string;
  },
): Promise<AidRequestRecord> =>
  withTenantTransaction(context.pool, input.tenantId, async (tx) => {
    checkRole(input.actor.role, 'manage aid requests');
    const { tenantId, personId } = input;
    await lockPerson(tx, tenantId, personId);
    const request = await findAidRequest(tx, tenantId, personId, input.aidRequestId);
    if (!request)
      throw new DomainError('AID_REQUEST_NOT_FOUND', 'not_found', `no aid request ${input.aidRequestId}`);
    const closed = { ...request, ...decide(request, input.closing) };
    await saveAidClosure(tx, tenantId, closed, input.actor.id);
    await appendTimeline(tx, {
      id: context.clock.newId(),
      tenantId,
      personId,
      kind: 'aid_request_closed',
      effectiveOn: input.closing.closedOn,
      details: { aidRequestId: closed.id, kind: closed.kind, closure: closed.closure },
      actorId: input.actor.id,
    });
    await context.events.append(tx, AidRequestClosedV1, {
      tenantId,
      aggregateId: closed.id,
      partitionKey: personId,
      correlationId: input.correlationId,
      causationId: null,
      data: { aidRequestId: closed.id, personId, closedOn: input.closing.closedOn },
    });
    return closed;
  });
