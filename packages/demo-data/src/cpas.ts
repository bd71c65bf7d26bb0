import { DEMO_STAD, DEMO_VILLE, demoAccount, type DemoCpas } from '@relais/admin-ui/demo-accounts';
import type { DemoActor, DemoActors, DemoCpasSpec, Stage } from './plan.ts';

/** How much to load: `full` for `npm start`, `small` (one person per stage, one CPAS) for tests. */
export type DemoSize = 'full' | 'small';

const account = (cpas: DemoCpas, role: Parameters<typeof demoAccount>[1]): DemoActor => {
  const a = demoAccount(cpas, role);
  return { id: a.id, displayName: a.displayName };
};

/**
 * Committee members and staff the demo CPAS have no account for: they act only through the
 * loader (a signed token names them), so the committee's sessions have a quorum and a chair.
 * Fixed ids, so a second load finds the same people.
 */
const made = (suffix: string, displayName: string): DemoActor => ({
  id: `0190d000-0000-7000-8000-0000000dc${suffix}`,
  displayName,
});

const villeActors: DemoActors = {
  placementOfficer: account(DEMO_VILLE, 'placement_officer'),
  safetyOfficer: account(DEMO_VILLE, 'safety_officer'),
  socialWorker: account(DEMO_VILLE, 'social_worker'),
  secretary: account(DEMO_VILLE, 'committee_secretary'),
  members: [
    account(DEMO_VILLE, 'committee_member'),
    made('001', 'Conseillère de l’action sociale (démo)'),
    made('002', 'Conseiller de l’action sociale (démo)'),
  ],
};

const stadActors: DemoActors = {
  placementOfficer: account(DEMO_STAD, 'placement_officer'),
  safetyOfficer: made('101', 'Preventieadviseur (demo)'),
  socialWorker: account(DEMO_STAD, 'social_worker'),
  secretary: made('102', 'Secretaris van het bijzonder comité (demo)'),
  members: [made('103', 'Voorzitter (demo)'), made('104', 'Raadslid (demo)'), made('105', 'Raadslid (demo)')],
};

const counts = (values: readonly number[]): Record<Stage, number> => {
  const [referred = 0, available = 0, shortlisted = 0, chosen = 0, proposed = 0, started = 0, running = 0] =
    values;
  const [conclusive = 0, notConclusive = 0, ended = 0] = values.slice(7);
  return {
    referred,
    available,
    shortlisted,
    chosen,
    proposed,
    contract_started: started,
    trial_running: running,
    trial_conclusive: conclusive,
    trial_not_conclusive: notConclusive,
    ended,
  };
};

/**
 * The demo CPAS of the demo accounts (services/admin-ui/src/demo), so that signing in as them
 * shows the data. `full`: 27 people and 7 hosts in Démo-Ville, 13 people and 4 hosts in
 * Demostad; `small`: Démo-Ville only, one person per stage (two ended trials: one ratified,
 * one awaiting the committee).
 */
export const demoCpasSpecs = (size: DemoSize): DemoCpasSpec[] => {
  const ville = {
    id: DEMO_VILLE.id,
    name: DEMO_VILLE.name,
    language: 'fr',
    region: 'brussels',
    actors: villeActors,
  } as const;
  if (size === 'small')
    return [
      {
        ...ville,
        approvedHosts: 2,
        pendingHosts: 1,
        stages: counts([1, 1, 1, 1, 1, 1, 1, 1, 2, 1]),
        ratifiedEnds: 1,
      },
    ];
  return [
    {
      ...ville,
      approvedHosts: 6,
      pendingHosts: 1,
      stages: counts([3, 4, 2, 2, 2, 2, 3, 3, 4, 2]),
      ratifiedEnds: 3,
    },
    {
      id: DEMO_STAD.id,
      name: DEMO_STAD.name,
      language: 'nl',
      region: 'ghent',
      actors: stadActors,
      approvedHosts: 3,
      pendingHosts: 1,
      stages: counts([2, 2, 1, 1, 1, 1, 1, 1, 2, 1]),
      ratifiedEnds: 1,
    },
  ];
};
