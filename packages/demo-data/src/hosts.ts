import { eachLimited, waitUntil } from './http.ts';
import type { CpasPlan, HostPlan, PositionPlan } from './plan.ts';
import type { Crew, Host, Run } from './run.ts';
import { TEXTS } from './vocabulary.ts';

/** Registers a host, or finds it (a second load: one registration per enterprise number and CPAS). */
const registerHost = async (crew: Crew, host: HostPlan): Promise<{ host: Host; fresh: boolean }> => {
  const res = await crew.officer<{ id: string; sites: { id: string }[] }>(
    'placement',
    'POST',
    '/hosts',
    host.registration,
    [201, 409],
  );
  if (res.status === 201)
    return { host: { id: res.body.id, siteId: res.body.sites[0]?.id ?? '' }, fresh: true };
  const found = await crew.officer<{ items: { id: string; enterpriseNumber: string }[] }>(
    'placement',
    'GET',
    `/hosts?q=${encodeURIComponent(host.registration.name)}&limit=200`,
  );
  const number = host.registration.enterpriseNumber;
  const match = found.body.items.find((h) => h.enterpriseNumber.replace(/\./g, '') === number);
  if (!match) throw new Error(`host ${number} is registered but not found by name`);
  const detail = await crew.officer<{ sites: { id: string }[] }>('placement', 'GET', `/hosts/${match.id}`);
  return { host: { id: match.id, siteId: detail.body.sites[0]?.id ?? '' }, fresh: false };
};

/** The prevention officer visits a new host: favourable today (approved hosts) or planned (pending ones). */
const visitHost = async (
  crew: Crew,
  plan: CpasPlan,
  host: HostPlan,
  at: Host,
  checklist: readonly string[],
  waitMs: number,
) => {
  await waitUntil(
    `safety-visits to know host ${at.id}`,
    async () =>
      (await crew.safety('safetyVisits', 'GET', `/hosts/${at.id}/safety`, undefined, [200, 404])).status ===
      200
        ? true
        : undefined,
    waitMs,
  );
  const visit = await crew.safety<{ id: string }>('safetyVisits', 'POST', '/prevention-visits', {
    hostEmployerId: at.id,
    siteId: at.siteId,
    kind: 'pre_approval',
    scheduledFor: host.preApprovalVisitOn,
    safetyOfficerId: plan.spec.actors.safetyOfficer.id,
  });
  if (!host.approved) return;
  await crew.safety('safetyVisits', 'POST', `/prevention-visits/${visit.body.id}/report`, {
    completedOn: plan.sessions.today,
    checklist: checklist.map((code) => ({ code, result: 'compliant' })),
    findings: [],
    summary: TEXTS.visitSummary[plan.spec.language],
  });
  if (host.periodicVisitOn)
    await crew.safety('safetyVisits', 'POST', '/prevention-visits', {
      hostEmployerId: at.id,
      siteId: at.siteId,
      kind: 'periodic',
      scheduledFor: host.periodicVisitOn,
      safetyOfficerId: plan.spec.actors.safetyOfficer.id,
    });
};

export const openPosition = async (
  crew: Crew,
  hosts: ReadonlyMap<string, Host>,
  position: PositionPlan,
): Promise<string> => {
  const host = hosts.get(position.hostKey);
  if (!host) throw new Error(`no host ${position.hostKey}`);
  const res = await crew.officer<{ id: string }>('placement', 'POST', '/positions', {
    ...position.body,
    hostEmployerId: host.id,
    siteId: host.siteId,
  });
  return res.body.id;
};

const approve = async (run: Run, host: HostPlan, at: Host) => {
  const item = await run.desk.itemFor('host_partner_approval', at.id);
  await run.desk.decide(item, run.plan.sessions.hostApproval, TEXTS.hostAssessment[run.lang], () => ({
    outcome: 'approved',
  }));
  await waitUntil(
    `host ${host.key} to be approved`,
    async () =>
      (await run.crew.officer<{ partnerStatus: string }>('placement', 'GET', `/hosts/${at.id}`)).body
        .partnerStatus === 'approved' || undefined,
    run.waitMs,
  );
};

/**
 * Hosts: registered by the officer (or found, on a second load), visited by the prevention
 * officer, approved by the committee at its first session; then the posts left open for matching.
 */
export const loadHosts = async (run: Run): Promise<{ hosts: Map<string, Host>; registered: number }> => {
  const { crew, plan } = run;
  const checklist = (
    await crew.safety<{ items: { code: string }[] }>('safetyVisits', 'GET', '/checklist-templates/current')
  ).body.items.map((i) => i.code);
  const hosts = new Map<string, Host>();
  const fresh: HostPlan[] = [];
  for (const host of plan.hosts) {
    const registered = await registerHost(crew, host);
    hosts.set(host.key, registered.host);
    if (registered.fresh) fresh.push(host);
  }
  const at = (host: HostPlan) => hosts.get(host.key) as Host;
  await eachLimited(fresh, 4, (host) =>
    run.attempt(host.key, () => visitHost(crew, plan, host, at(host), checklist, run.waitMs)),
  );
  const toApprove = fresh.filter((h) => h.approved);
  // One at a time: each decision schedules, prepares and signs an item of the same session.
  await eachLimited(toApprove, 1, (host) => run.attempt(host.key, () => approve(run, host, at(host))));
  if (toApprove.length > 0)
    for (const position of plan.openPositions)
      await run.attempt('open position', () => openPosition(crew, hosts, position));
  run.log(`${plan.spec.name}: ${String(fresh.length)} hosts registered`);
  return { hosts, registered: fresh.length };
};
