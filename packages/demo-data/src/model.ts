import type { COMMUNES } from './communes.ts';
import type { DemoLanguage, DemoSector, DemoSkill } from './vocabulary.ts';

/**
 * Where a demo person stands, in the order of the path: referred by the social service, ready
 * for matching, presented to a host, chosen by the host, proposed to the committee, contract
 * started today, trial running for some weeks, trial ended conclusive (the contract goes on),
 * trial ended not conclusive (income reopened, three proposals to the committee), and ended
 * early at the person's request (the placement is over, income reopened).
 */
export const STAGES = [
  'referred',
  'available',
  'shortlisted',
  'chosen',
  'proposed',
  'contract_started',
  'trial_running',
  'trial_conclusive',
  'trial_not_conclusive',
  'ended',
] as const;
export type Stage = (typeof STAGES)[number];

/** Someone acting in a demo CPAS: a demo account where one exists, else a made-up member. */
export interface DemoActor {
  readonly id: string;
  readonly displayName: string;
}

/** Who acts in a demo CPAS. */
export interface DemoActors {
  readonly placementOfficer: DemoActor;
  readonly safetyOfficer: DemoActor;
  readonly socialWorker: DemoActor;
  readonly secretary: DemoActor;
  /** Voting members of the comité spécial; the first chairs and signs. */
  readonly members: readonly DemoActor[];
}

/** What to generate for one CPAS. */
export interface DemoCpasSpec {
  readonly id: string;
  readonly name: string;
  readonly language: DemoLanguage;
  readonly region: keyof typeof COMMUNES;
  /** Hosts approved as partners, and hosts still waiting for their pre-approval visit. */
  readonly approvedHosts: number;
  readonly pendingHosts: number;
  /** People at each stage. */
  readonly stages: Readonly<Record<Stage, number>>;
  /** Of the ended trials, how many the committee has ratified already (the others await it). */
  readonly ratifiedEnds: number;
  readonly actors: DemoActors;
}

/** A host employer as registered (`POST /hosts`), plus what the loader does with it. */
export interface HostPlan {
  readonly key: string;
  readonly approved: boolean;
  readonly registration: {
    readonly enterpriseNumber: string;
    readonly name: string;
    readonly legalType: DemoSector['legalType'];
    readonly sector: string;
    readonly tutor: { readonly name: string; readonly email: string | null; readonly phone: string | null };
    readonly sites: readonly {
      readonly name: string;
      readonly address: string;
      readonly commune: string;
      readonly lat: number;
      readonly lon: number;
    }[];
  };
  /** The pre-approval visit (today for approved hosts, reported favourable; later for pending ones). */
  readonly preApprovalVisitOn: string;
  /** The next periodic visit of an approved host. */
  readonly periodicVisitOn: string | null;
}

/** A post at a host (`POST /positions` without the host and site ids, which the loader knows). */
export interface PositionPlan {
  readonly hostKey: string;
  readonly body: Readonly<Record<string, unknown>>;
}

/** One person and the path the loader takes them along. */
export interface Scenario {
  readonly key: string;
  readonly stage: Stage;
  /** `POST /candidates`, by the social worker. */
  readonly referral: Readonly<Record<string, unknown>> & {
    readonly niss: string;
    readonly referredOn: string;
  };
  /** `POST /persons/:id/integration-income`: the RI the person receives before the placement. */
  readonly income: { readonly startDate: string; readonly category: string };
  /** The post they are presented for (from `shortlisted` on). */
  readonly position: PositionPlan | null;
  /** An `available` person presented with them, whom the host does not choose (`chosen` only). */
  readonly companionKey: string | null;
  /** The first day of the contract (from `contract_started` on). */
  readonly startDate: string | null;
  /** The day of the comité spécial session that approved the engagement. */
  readonly engagementSession: string | null;
  readonly weeklyHours: number;
  /** The trial's outcome (from `trial_conclusive` on). */
  readonly outcome: Readonly<Record<string, unknown>> | null;
  /** The committee ratified the reopening already (today's session), or it awaits the next one. */
  readonly ratified: boolean;
}

/** Everything one CPAS gets. */
export interface CpasPlan {
  readonly spec: DemoCpasSpec;
  readonly skills: readonly DemoSkill[];
  readonly hosts: readonly HostPlan[];
  /** Posts left open for matching. */
  readonly openPositions: readonly PositionPlan[];
  readonly scenarios: readonly Scenario[];
  /** Session days: host approvals, today (ratifications), the next session (pending items). */
  readonly sessions: { readonly hostApproval: string; readonly today: string; readonly next: string };
}

/** The whole demo: deterministic for a seed and a day. */
export interface DemoPlan {
  readonly seed: number;
  readonly today: string;
  readonly cpas: readonly CpasPlan[];
}
