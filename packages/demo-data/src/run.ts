import { committeeDesk } from './committee.ts';
import { callerFor, type DemoServices, type SignToken } from './http.ts';
import type { CpasPlan, DemoPlan, Scenario } from './plan.ts';

export interface LoadOptions {
  readonly services: DemoServices;
  readonly sign: SignToken;
  readonly plan: DemoPlan;
  /** How long to wait for one event to reach another service (the contract-start job runs every JOBS_INTERVAL_MS). */
  readonly waitMs?: number;
  readonly log?: (line: string) => void;
}

/** A host as the services know it: its id and its (first) site. */
export interface Host {
  readonly id: string;
  readonly siteId: string;
}

/** A person whose engagement was proposed, with the ids the services gave. */
export interface Engaged {
  readonly scenario: Scenario;
  readonly personId: string;
  readonly proposalId: string;
}

/** Everyone who acts in one CPAS, each with a caller of their own. */
const crewOf = (options: LoadOptions, cpas: CpasPlan) => {
  const { actors, id } = cpas.spec;
  const as = (actorId: string, role: Parameters<typeof callerFor>[4]) =>
    callerFor(options.services, options.sign, id, actorId, role);
  return {
    officer: as(actors.placementOfficer.id, 'placement_officer'),
    safety: as(actors.safetyOfficer.id, 'safety_officer'),
    worker: as(actors.socialWorker.id, 'social_worker'),
    secretary: as(actors.secretary.id, 'committee_secretary'),
    chair: as(actors.members[0]?.id ?? actors.secretary.id, 'committee_member'),
  };
};
export type Crew = ReturnType<typeof crewOf>;

/**
 * One CPAS's load in progress: its plan, its crew, the committee desk, how long to wait for an
 * event, and the failures so far (`attempt` records one and lets the others go on).
 */
export const startRun = (options: LoadOptions, plan: CpasPlan) => {
  const waitMs = options.waitMs ?? 150_000;
  const crew = crewOf(options, plan);
  const lang = plan.spec.language;
  const failures: string[] = [];
  return {
    plan,
    crew,
    lang,
    waitMs,
    failures,
    log: options.log ?? (() => undefined),
    desk: committeeDesk(plan.spec.actors, crew, lang === 'fr' ? 'Salle du conseil' : 'Raadzaal', waitMs),
    attempt: async <T>(what: string, task: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await task();
      } catch (error) {
        failures.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      }
    },
  };
};
export type Run = ReturnType<typeof startRun>;
