import { principalOf, type ServiceApp, type UserRole } from '@relais/service-kit';
import { z } from 'zod';
import { caseView, type CaseOnDate } from '../case-on-date.ts';
import { query, segment, type PageApi } from '../page-api.ts';
import type { PageDeps } from '../page-deps.ts';
import type { Host, Page } from '../service-types.ts';
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

/**
 * Roles placement lets read the host employers (placement's `HOST_READERS`): the case names the
 * host for them; the social worker sees a reference instead, and no refused call is made.
 */
const HOST_READERS: readonly UserRole[] = ['placement_officer', 'committee_member', 'committee_secretary'];

const hostNamesFor = async (
  api: PageApi,
  roles: readonly UserRole[],
): Promise<ReadonlyMap<string, string>> => {
  if (!roles.some((role) => HOST_READERS.includes(role))) return new Map();
  const answer = await api.attempt<Page<Host>>('placement', '/hosts?limit=200');
  return new Map(answer.ok ? answer.value.items.map((h) => [h.id, h.name] as const) : []);
};

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
    const api = deps.api(request);
    const [answer, hosts] =
      asked.personId && asked.date
        ? await Promise.all([
            api.attempt<CaseOnDate>(
              'statistics',
              `/persons/${segment(asked.personId)}/case-on-date${query({ date: asked.date })}`,
            ),
            hostNamesFor(api, principalOf(request).roles),
          ])
        : [null, new Map<string, string>()];
    return renderer.page(request, reply, 'case-on-date', {
      title: renderer.t(request)('caseOnDate.title'),
      asked,
      view: answer?.ok ? caseView(answer.value, hosts) : null,
      unavailable: answer ? !answer.ok : false,
    });
  });
};
