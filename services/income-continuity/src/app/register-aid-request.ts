import { withTenantTransaction } from '@relais/messaging';
import { type RequestActor, type ServiceContext } from '@relais/service-kit';
import type { AidKind } from '../domain/aid.ts';
import { checkRole } from '../domain/roles.ts';
import { lockPerson } from '../db/coverage.ts';
import { insertAidRequest, type AidRequestRecord } from '../db/aid-requests.ts';
import { appendTimeline } from '../db/timeline.ts';

/** The social service registers a pending aid request (rental guarantee, energy aid…). */
export const registerAidRequest = (
  context: ServiceContext,
  input: RequestActor & {
    readonly personId: string;
    readonly request: {
      readonly kind: AidKind;
      readonly dependsOnIntegrationIncome: boolean;
      readonly requestedOn: string;
      readonly note: string | null;
    };
  },
): Promise<AidRequestRecord> =>
  withTenantTransaction(context.pool, input.tenantId, async (tx) => {
    checkRole(input.actor.role, 'manage aid requests');
    const { tenantId, personId } = input;
    await lockPerson(tx, tenantId, personId);
    const created = await insertAidRequest(tx, {
      id: context.clock.newId(),
      tenantId,
      personId,
      actorId: input.actor.id,
      ...input.request,
    });
    await appendTimeline(tx, {
      id: context.clock.newId(),
      tenantId,
      personId,
      kind: 'aid_request_registered',
      effectiveOn: created.requestedOn,
      details: {
        aidRequestId: created.id,
        kind: created.kind,
        dependsOnIntegrationIncome: created.dependsOnIntegrationIncome,
      },
      actorId: input.actor.id,
    });
    return created;
  });
