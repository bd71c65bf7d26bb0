import { principalOf, type ServiceApp, type UserRole } from '@relais/service-kit';
import { candidateNames, hostNames, safetyHosts } from '../lookups.ts';
import { query, type PageApi } from '../page-api.ts';
import type { PageDeps } from '../page-deps.ts';
import type { CommitteeSession, ItemSummary } from '../committee-types.ts';
import type {
  CandidateSummary,
  CheckIn,
  CorrectiveAction,
  Page,
  Position,
  Proposal,
  Trial,
  Visit,
} from '../service-types.ts';
import { addDays, today } from '../today.ts';

/** A section of the dashboard: its rows, or the fact that its service did not answer. */
type Section<T> = { ok: true; value: T } | { ok: false; error: unknown };

const section = async <T>(load: () => Promise<T>): Promise<Section<T>> => {
  try {
    return { ok: true, value: await load() };
  } catch (error) {
    return { ok: false, error };
  }
};

/** What the placement officer must act on: jobs that may be lost, trials, check-ins, posts, people waiting. */
const officerAttention = async (api: PageApi, day: string) => {
  const [names, hosts] = await Promise.all([
    section(() => candidateNames(api)),
    section(() => hostNames(api)),
  ]);
  return {
    names: names.ok ? names.value : new Map<string, string>(),
    hosts: hosts.ok ? hosts.value : new Map<string, string>(),
    atRisk: await section(
      async () =>
        (await api.get<Page<Proposal>>('placement', '/engagement-proposals?atRisk=true&limit=20')).items,
    ),
    trials: await section(async () =>
      (await api.get<Page<Trial>>('trial-period', '/trial-periods?status=running&limit=100')).items
        .filter((t) => t.plannedEndDate <= addDays(day, 14))
        .slice(0, 20),
    ),
    checkIns: await section(
      async () => (await api.get<Page<CheckIn>>('trial-period', '/check-ins?flagged=true&limit=20')).items,
    ),
    positions: await section(
      async () =>
        (await api.get<Page<Position>>('placement', '/positions?status=open&expiringWithinDays=14&limit=20'))
          .items,
    ),
    waiting: await section(
      async () =>
        (await api.get<Page<CandidateSummary>>('placement', '/candidates?status=available&limit=10')).items,
    ),
  };
};

/** What the safety officer must act on: overdue visits, their own next visits, overdue actions, hosts held back. */
const safetyAttention = async (api: PageApi, day: string, userId: string) => {
  const hosts = await section(() => safetyHosts(api));
  const names = new Map(hosts.ok ? hosts.value.map((h) => [h.id, h.name]) : []);
  return {
    hostNames: names,
    overdue: await section(
      async () =>
        (await api.get<Page<Visit>>('safety-visits', '/prevention-visits?overdue=true&status=scheduled'))
          .items,
    ),
    upcoming: await section(
      async () =>
        (
          await api.get<Page<Visit>>(
            'safety-visits',
            `/prevention-visits${query({ safetyOfficerId: userId, status: 'scheduled', from: day, to: addDays(day, 14) })}`,
          )
        ).items,
    ),
    actions: await section(
      async () =>
        (await api.get<Page<CorrectiveAction>>('safety-visits', '/corrective-actions?overdue=true')).items,
    ),
    heldBack: hosts.ok
      ? {
          ok: true as const,
          value: hosts.value.filter((h) =>
            ['blocked', 'visit_overdue', 'not_assessed'].includes(h.safetyStatus),
          ),
        }
      : hosts,
  };
};

/** What the committee must decide: its next session and the items near a legal deadline. */
const committeeAttention = async (api: PageApi, day: string) => ({
  sessions: await section(
    async () =>
      (
        await api.get<{ items: CommitteeSession[] }>(
          'committee',
          `/sessions${query({ from: day, status: 'planned' })}`,
        )
      ).items,
  ),
  flagged: await section(
    async () => (await api.get<{ items: ItemSummary[] }>('committee', '/agenda?flagged=true')).items,
  ),
});

/** The people a social worker referred, the longest-waiting first. */
const socialAttention = async (api: PageApi) => ({
  persons: await section(
    async () => (await api.get<Page<CandidateSummary>>('placement', '/candidates?limit=20')).items,
  ),
});

const has = (roles: readonly UserRole[], role: UserRole) => roles.includes(role);

/** The dashboard: for each role of the user, what needs their attention today. */
export const registerDashboardPage = (scope: ServiceApp, deps: PageDeps): void => {
  scope.get('/', async (request, reply) => {
    const { roles, userId } = principalOf(request);
    const api = deps.api(request);
    const day = today(deps.accounts.clock.now());
    const committeeRole = has(roles, 'committee_member') || has(roles, 'committee_secretary');
    const [officer, safety, social, committee] = await Promise.all([
      has(roles, 'placement_officer') ? officerAttention(api, day) : null,
      has(roles, 'safety_officer') ? safetyAttention(api, day, userId) : null,
      has(roles, 'social_worker') ? socialAttention(api) : null,
      committeeRole && deps.reaches('committee') ? committeeAttention(api, day) : null,
    ]);
    return deps.renderer.page(request, reply, 'dashboard', {
      title: deps.renderer.t(request)('dashboard.title'),
      day,
      officer,
      safety,
      social,
      committee,
    });
  });
};
