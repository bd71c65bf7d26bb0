import { decideEngagements, decideEnds, runTrials } from './decisions.ts';
import { loadHosts } from './hosts.ts';
import { loadPeople } from './people.ts';
import type { CpasPlan } from './plan.ts';
import { startRun, type LoadOptions } from './run.ts';

export type { LoadOptions } from './run.ts';

/** What a load did in one CPAS. */
export interface CpasLoadReport {
  readonly cpasId: string;
  readonly name: string;
  /** People referred by this load; people found already there (a second load) are skipped. */
  readonly referred: number;
  readonly skipped: number;
  readonly hostsRegistered: number;
  /** One line per person or host whose path stopped on an error (the load goes on with the others). */
  readonly failures: readonly string[];
}

/** What a load did, and how long it took. */
export interface LoadReport {
  readonly cpas: readonly CpasLoadReport[];
  readonly ms: number;
}

/** Loads one CPAS: skills, hosts, people, the committee's decisions, trials and their ends. */
const loadCpas = async (options: LoadOptions, plan: CpasPlan): Promise<CpasLoadReport> => {
  const run = startRun(options, plan);
  for (const skill of plan.skills) await run.crew.officer('placement', 'POST', '/skills', skill, [201, 409]);
  const { hosts, registered } = await loadHosts(run);
  const people = await loadPeople(run, hosts);
  await decideEngagements(run, people.engaged, people.proposed);
  await runTrials(run, people.engaged);
  await decideEnds(run, people.engaged);
  await run.attempt('closing the held sessions', () => run.desk.closeHeld(plan.sessions.today));
  return {
    cpasId: plan.spec.id,
    name: plan.spec.name,
    referred: people.referred,
    skipped: people.skipped,
    hostsRegistered: registered,
    failures: run.failures,
  };
};

/**
 * Loads the demo plan the way production data come in: through each service's HTTP API, as the
 * CPAS's staff (signed service tokens naming the demo accounts), with the events between the
 * services doing the rest (safety status, committee agenda, contract start, trial, income,
 * notifications). Idempotent by natural keys: a host registered already (enterprise number) is
 * reused, a person referred already (NISS) is skipped with their whole path, so a second load adds
 * nothing. A failing person or host is reported and the others go on.
 */
export const loadDemoData = async (options: LoadOptions): Promise<LoadReport> => {
  const started = Date.now();
  // The CPAS side by side: each waits mostly for the contract-start job (JOBS_INTERVAL_MS, 60 s by
  // default), so two in turn took 122 s on `npm start` where together they share that wait.
  const cpas = await Promise.all(options.plan.cpas.map((plan) => loadCpas(options, plan)));
  return { cpas, ms: Date.now() - started };
};
