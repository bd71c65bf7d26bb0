import { IncomeCoverageChangedV1 } from '@relais/contracts';
import { withTenantTransaction } from '@relais/messaging';
import { belgianDay, type RequestActor, type ServiceContext } from '@relais/service-kit';
import type { CoveragePeriod } from '../domain/coverage.ts';
import { confirmUnemployment as decide } from '../domain/registration.ts';
import { checkRole } from '../domain/roles.ts';
import { applyCoverageChanges, loadTimeline, lockPerson } from '../db/coverage.ts';
import { closeBridge, findOpenBridge } from '../db/bridges.ts';
import { appendTimeline } from '../db/timeline.ts';
import { checkCoverage } from './check-coverage.ts';

/**
 * The social worker confirms the first unemployment payment: benefits cover the person from
 * `benefitsFrom`, the bridging RI ends the day before, the bridge and its task close.
 */
export const confirmUnemployment = (
  context: ServiceContext,
  input: RequestActor & {
    readonly personId: string;
    readonly correlationId: string;
    readonly confirmation: { readonly firstPaymentOn: string; readonly benefitsFrom: string };
  },
): Promise<CoveragePeriod> =>
  withTenantTransaction(context.pool, input.tenantId, async (tx) => {
    checkRole(input.actor.role, 'confirm unemployment benefits');
    const { tenantId, personId, confirmation } = input;
    await lockPerson(tx, tenantId, personId);
    const bridge = await findOpenBridge(tx, tenantId, personId);
    const { changes, period } = decide(await loadTimeline(tx, tenantId, personId), bridge, confirmation, () =>
      context.clock.newId(),
    );
    await applyCoverageChanges(
      tx,
      { tenantId, personId, sourceEventId: null, actorId: input.actor.id },
      changes,
    );
    if (bridge)
      await closeBridge(tx, {
        tenantId,
        bridgeId: bridge.id,
        ...confirmation,
        today: belgianDay(context.clock.now()),
      });
    const event = await context.events.append(tx, IncomeCoverageChangedV1, {
      tenantId,
      aggregateId: personId,
      correlationId: input.correlationId,
      causationId: null,
      data: {
        personId,
        change: 'bridge_closed',
        periodId: period.id,
        effectiveFrom: period.startDate,
        category: null,
        reopeningId: null,
        decisionId: null,
        reasonCode: null,
      },
    });
    await appendTimeline(tx, {
      id: context.clock.newId(),
      tenantId,
      personId,
      kind: 'bridge_closed',
      effectiveOn: period.startDate,
      details: { bridgeId: bridge?.id ?? null, benefitsPeriodId: period.id, ...confirmation },
      actorId: input.actor.id,
    });
    await checkCoverage(context, tx, {
      tenantId,
      personId,
      correlationId: input.correlationId,
      causationId: event.id,
    });
    return period;
  });
