import { IncomeCoverageChangedV1 } from '@relais/contracts';
import { withTenantTransaction } from '@relais/messaging';
import type { RequestActor, ServiceContext } from '@relais/service-kit';
import type { CoveragePeriod, IncomeCategory } from '../domain/coverage.ts';
import { registerIncome as decide } from '../domain/registration.ts';
import { checkRole } from '../domain/roles.ts';
import { applyCoverageChanges, loadTimeline, lockPerson } from '../db/coverage.ts';
import { appendTimeline } from '../db/timeline.ts';
import { checkCoverage } from './check-coverage.ts';

/** The social service records the RI the person receives (start date, category). */
export const registerIncome = (
  context: ServiceContext,
  input: RequestActor & {
    readonly personId: string;
    readonly correlationId: string;
    readonly income: { readonly startDate: string; readonly category: IncomeCategory };
  },
): Promise<CoveragePeriod> =>
  withTenantTransaction(context.pool, input.tenantId, async (tx) => {
    checkRole(input.actor.role, 'record the RI');
    const { tenantId, personId } = input;
    await lockPerson(tx, tenantId, personId);
    const { changes, period } = decide(await loadTimeline(tx, tenantId, personId), input.income, () =>
      context.clock.newId(),
    );
    await applyCoverageChanges(
      tx,
      { tenantId, personId, sourceEventId: null, actorId: input.actor.id },
      changes,
    );
    const data = {
      personId,
      change: 'income_registered' as const,
      periodId: period.id,
      effectiveFrom: period.startDate,
      category: period.category,
      reopeningId: null,
      decisionId: null,
      reasonCode: null,
    };
    const event = await context.events.append(tx, IncomeCoverageChangedV1, {
      tenantId,
      aggregateId: personId,
      correlationId: input.correlationId,
      causationId: null,
      data,
    });
    await appendTimeline(tx, {
      id: context.clock.newId(),
      tenantId,
      personId,
      kind: 'income_registered',
      effectiveOn: period.startDate,
      details: { periodId: period.id, category: period.category },
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
