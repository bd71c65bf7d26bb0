import { withTenantTransaction } from '@relais/messaging';
import { belgianDay, type ServiceContext } from '@relais/service-kit';
import { addDays } from '../domain/days.ts';
import { EARLY_RECORDING_DAYS, standingOf, type CheckStanding } from '../domain/outcomes.ts';
import {
  listOpenOutcomeChecks,
  listPersonOutcomeChecks,
  type OutcomeCheckRecord,
  type OutcomeRecordView,
} from '../db/outcome-checks.ts';

/** A check as the API shows it: where it stands today, and its records (the current one last). */
export type OutcomeCheckView = Omit<OutcomeCheckRecord, 'status'> & {
  readonly standing: CheckStanding;
  readonly records: OutcomeRecordView[];
};

// A CPAS follows a few hundred placements a year; a page this long covers any realistic backlog.
const LIST_LIMIT = 500;

/** A person's outcome checks, every placement, with the history of each. */
export const getPersonOutcomeChecks = (
  context: ServiceContext,
  tenantId: string,
  personId: string,
): Promise<OutcomeCheckView[]> =>
  withTenantTransaction(
    context.pool,
    tenantId,
    async (tx) => {
      const today = belgianDay(context.clock.now());
      return (await listPersonOutcomeChecks(tx, tenantId, personId)).map(({ status, ...check }) => ({
        ...check,
        standing: standingOf({ status, dueOn: check.dueOn }, today),
      }));
    },
    { readOnly: true },
  );

/**
 * The CPAS's checks not recorded that may be recorded now: due, overdue (a month past their due
 * day) and those due within {@link EARLY_RECORDING_DAYS} days (standing `scheduled`, recordable
 * early); `only` keeps one standing. Oldest first.
 */
export const listDueOutcomeChecks = (
  context: ServiceContext,
  tenantId: string,
  only: 'scheduled' | 'due' | 'overdue' | undefined,
): Promise<OutcomeCheckView[]> =>
  withTenantTransaction(
    context.pool,
    tenantId,
    async (tx) => {
      const today = belgianDay(context.clock.now());
      return (await listOpenOutcomeChecks(tx, tenantId, addDays(today, EARLY_RECORDING_DAYS), LIST_LIMIT))
        .map(({ status, ...check }) => ({
          ...check,
          standing: standingOf({ status, dueOn: check.dueOn }, today),
          records: [],
        }))
        .filter((check) => !only || check.standing === only);
    },
    { readOnly: true },
  );
