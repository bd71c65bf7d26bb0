import type { AgendaItem, Verdict } from './committee.ts';
import { eachLimited, waitUntil } from './http.ts';
import type { Crew, Engaged, Run } from './run.ts';
import { TEXTS } from './vocabulary.ts';

/**
 * The committee approves each engagement at the session before its start. A proposal cannot start
 * in the past, so for a past start the decision is `amended` to that day: the committee's decision
 * is where the services let a start be dated back (placement starts the contract the day the
 * decision says, when that day is on or after the session).
 */
const verdictFor = (run: Run, e: Engaged): Verdict => {
  const start = e.scenario.startDate ?? run.plan.sessions.today;
  return start === run.plan.sessions.today
    ? { outcome: 'approved' }
    : {
        outcome: 'amended',
        amendments: { startDate: start },
        reasonCode: 'start_date_agreed_with_host',
        reasonText: TEXTS.amendedStart[run.lang],
      };
};

/** Engagements decided in date order; of those still awaiting the committee, the first goes on the next session. */
export const decideEngagements = async (
  run: Run,
  engaged: readonly Engaged[],
  proposed: readonly Engaged[],
) => {
  const byStart = [...engaged].sort((a, b) =>
    String(a.scenario.startDate).localeCompare(String(b.scenario.startDate)),
  );
  for (const e of byStart)
    await run.attempt(e.scenario.key, async () => {
      const item = await run.desk.itemFor('engagement_proposal', e.proposalId);
      const session = e.scenario.engagementSession ?? run.plan.sessions.today;
      await run.desk.decide(item, session, TEXTS.engagementAssessment[run.lang], () => verdictFor(run, e));
    });
  const [first] = proposed;
  if (first)
    await run.attempt(first.scenario.key, async () =>
      run.desk.schedule(
        await run.desk.itemFor('engagement_proposal', first.proposalId),
        run.plan.sessions.next,
      ),
    );
};

/** Waits for the contract to start (the placement job) and the trial to open, then records the outcome. */
const runTrial = async (crew: Crew, e: Engaged, waitMs: number): Promise<void> => {
  const placement = await waitUntil(
    'the contract to start',
    async () =>
      (
        await crew.officer<{ items: { id: string; status: string }[] }>(
          'placement',
          'GET',
          `/placements?personId=${e.personId}`,
        )
      ).body.items.find((p) => p.status === 'started'),
    waitMs,
  );
  const trial = await waitUntil(
    'the trial period to open',
    async () =>
      (
        await crew.officer<{ items: { id: string }[] }>(
          'trialPeriod',
          'GET',
          `/trial-periods?placementId=${placement.id}`,
        )
      ).body.items[0],
    waitMs,
  );
  if (e.scenario.outcome)
    await crew.officer('trialPeriod', 'POST', `/trial-periods/${trial.id}/outcome`, e.scenario.outcome);
};

/** Trials: started by the contract job, then conclusive, not conclusive or ended early. */
export const runTrials = (run: Run, engaged: readonly Engaged[]) =>
  eachLimited(engaged, 6, (e) => run.attempt(e.scenario.key, () => runTrial(run.crew, e, run.waitMs)));

/**
 * Ended trials: income-continuity reopened the RI and put three proposals to the committee, which
 * ratifies some today and has the others on its next session's agenda.
 */
export const decideEnds = async (run: Run, engaged: readonly Engaged[]) => {
  const ends = engaged.filter(
    (e) => e.scenario.stage === 'trial_not_conclusive' || e.scenario.stage === 'ended',
  );
  for (const e of ends)
    await run.attempt(e.scenario.key, async () => {
      const item = await waitUntil(
        'the reopening on the agenda',
        async () =>
          (
            await run.crew.secretary<{ items: AgendaItem[] }>(
              'committee',
              'GET',
              `/agenda?kind=income_reopening&personId=${e.personId}`,
            )
          ).body.items.find((i) => i.proposals.length >= 3),
        run.waitMs,
      );
      if (e.scenario.ratified)
        await run.desk.decide(item, run.plan.sessions.today, TEXTS.reopeningAssessment[run.lang], () => ({
          outcome: 'approved',
        }));
      else await run.desk.schedule(item, run.plan.sessions.next);
    });
};
