import { eachLimited } from './http.ts';
import { openPosition } from './hosts.ts';
import type { CpasPlan, Scenario } from './plan.ts';
import type { Crew, Engaged, Host, Run } from './run.ts';

/** Refers the person (social worker), opens their RI, prepares them for matching (officer). Undefined if already there. */
const referPerson = async (crew: Crew, s: Scenario): Promise<string | undefined> => {
  const res = await crew.worker<{ id: string }>('placement', 'POST', '/candidates', s.referral, [201, 409]);
  if (res.status === 409) return undefined;
  const id = res.body.id;
  await crew.worker('incomeContinuity', 'POST', `/persons/${id}/integration-income`, s.income);
  if (s.stage === 'referred') return id;
  await crew.officer('placement', 'POST', `/candidates/${id}/transitions`, {
    to: 'in_preparation',
    reason: 'intake_started',
  });
  await crew.officer('placement', 'POST', `/candidates/${id}/transitions`, {
    to: 'available',
    reason: 'ready_for_matching',
  });
  return id;
};

/** Presents the person, records the host's choice and proposes the engagement, as far as their stage goes. */
const matchPerson = async (
  crew: Crew,
  plan: CpasPlan,
  hosts: ReadonlyMap<string, Host>,
  s: Scenario,
  ids: ReadonlyMap<string, string>,
): Promise<string | undefined> => {
  const id = ids.get(s.key);
  if (!id || !s.position) return undefined;
  const positionId = await openPosition(crew, hosts, s.position);
  const companion = s.companionKey ? ids.get(s.companionKey) : undefined;
  const shortlist = await crew.officer<{ id: string }>(
    'placement',
    'POST',
    `/positions/${positionId}/shortlists`,
    {
      mode: s.stage === 'shortlisted' || companion ? 'shortlist' : 'single',
      candidateIds: companion ? [id, companion] : [id],
    },
  );
  if (s.stage === 'shortlisted') return undefined;
  await crew.officer('placement', 'POST', `/shortlists/${shortlist.body.id}/choice`, {
    chosenCandidateId: id,
    others: companion ? [{ candidateId: companion, reason: 'host_chose_another' }] : [],
  });
  if (s.stage === 'chosen') return undefined;
  const proposal = await crew.officer<{ id: string }>('placement', 'POST', '/engagement-proposals', {
    shortlistId: shortlist.body.id,
    startDate: plan.sessions.today,
    weeklyHours: s.weeklyHours,
    payScale: 'E2',
  });
  return proposal.body.id;
};

/**
 * People: referred by the social worker with their RI, prepared by the officer (or skipped when
 * their NISS is already referred: a second load); then presented, chosen and proposed as far as
 * their stage goes, once everyone is referred (a chosen person is presented with an available one).
 */
export const loadPeople = async (run: Run, hosts: ReadonlyMap<string, Host>) => {
  const { crew, plan } = run;
  const ids = new Map<string, string>();
  let skipped = 0;
  await eachLimited(plan.scenarios, 4, async (s) => {
    const id = await run.attempt(s.key, () => referPerson(crew, s));
    if (id) ids.set(s.key, id);
    else if (!run.failures.some((f) => f.startsWith(s.key))) skipped++;
  });
  const engaged: Engaged[] = [];
  const proposed: Engaged[] = [];
  await eachLimited(plan.scenarios, 4, (s) =>
    run.attempt(s.key, async () => {
      const proposalId = await matchPerson(crew, plan, hosts, s, ids);
      const personId = ids.get(s.key);
      if (!proposalId || !personId) return;
      (s.stage === 'proposed' ? proposed : engaged).push({ scenario: s, personId, proposalId });
    }),
  );
  run.log(`${plan.spec.name}: ${String(ids.size)} people referred, ${String(skipped)} already there`);
  return { referred: ids.size, skipped, engaged, proposed };
};
