import type { ServiceApp } from '@relais/service-kit';
import { z } from 'zod';
import { query, segment } from '../page-api.ts';
import type { PageDeps } from '../page-deps.ts';
import { statisticsView, type Statistics } from '../statistics-view.ts';

const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
  .optional()
  .catch(undefined);
const periodQuery = z.object({ from: month, to: month });
const caseQuery = z.object({
  personId: z.uuid().optional().catch(undefined),
  date: z.iso.date().optional().catch(undefined),
});

/** A person's case on a date, as the statistics service answers it. */
interface CaseOnDate {
  readonly placement: {
    readonly startDate: string;
    readonly ended: { readonly lastWorkedDay: string; readonly reason: string } | null;
  } | null;
  readonly trial: {
    readonly outcome: string;
    readonly lastWorkedDay: string | null;
    readonly reasonCode: string | null;
    readonly corrected: boolean;
  } | null;
  readonly incomeReopening: { readonly effectiveFrom: string } | null;
  readonly committeeDecisions: readonly {
    readonly subjectKind: string;
    readonly outcome: string;
    readonly decidedOn: string;
  }[];
  readonly entries: readonly { readonly occurredAt: string; readonly type: string }[];
}

/**
 * The statistics of the CPAS (charts, each with the table of its numbers, and a CSV download)
 * and a person's case as it stood on a date, for an appeal. Both are read in the user's name:
 * the statistics service decides who sees what and suppresses small counts.
 */
export const registerStatisticsPages = (scope: ServiceApp, deps: PageDeps): void => {
  const { renderer } = deps;

  scope.get('/statistics', async (request, reply) => {
    const period = periodQuery.parse(request.query);
    const answer = await deps
      .api(request)
      .attempt<Statistics>('statistics', `/statistics${query({ from: period.from, to: period.to })}`);
    const statistics = answer.ok ? answer.value : null;
    return renderer.page(request, reply, 'statistics', {
      title: renderer.t(request)('statistics.title'),
      statistics,
      view: statistics ? statisticsView(statistics) : null,
      csvHref: statistics
        ? `/api/statistics/statistics/export.csv${query({ from: statistics.from, to: statistics.to })}`
        : null,
    });
  });

  scope.get('/statistics/case', async (request, reply) => {
    const asked = caseQuery.parse(request.query);
    const answer =
      asked.personId && asked.date
        ? await deps
            .api(request)
            .attempt<CaseOnDate>(
              'statistics',
              `/persons/${segment(asked.personId)}/case-on-date${query({ date: asked.date })}`,
            )
        : null;
    return renderer.page(request, reply, 'case-on-date', {
      title: renderer.t(request)('caseOnDate.title'),
      asked,
      caseOnDate: answer?.ok ? answer.value : null,
      unavailable: answer ? !answer.ok : false,
    });
  });
};
