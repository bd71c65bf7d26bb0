import type { UserRole } from '@relais/service-kit';

/** The one password of every demo account (development only; README.md lists them). */
export const DEMO_PASSWORD = 'relais-demo-2026';

/** A demo CPAS and its accounts; ids are fixed so that seeding again changes nothing. */
export interface DemoCpas {
  readonly id: string;
  readonly name: string;
  readonly accounts: readonly {
    readonly id: string;
    readonly email: string;
    readonly displayName: string;
    readonly role: UserRole;
  }[];
}

/**
 * The first of two demo CPAS, so that a developer sees one CPAS's data stay out of the other's: every role in
 * the first; a placement officer and a social worker in the second. Names are invented.
 */
export const DEMO_VILLE: DemoCpas = {
  id: '0190d000-0000-7000-8000-00000000d001',
  name: 'CPAS de Démo-Ville',
  accounts: [
    {
      id: '0190d000-0000-7000-8000-0000000da001',
      email: 'agent@demo.relais.test',
      displayName: 'Agent d’insertion (démo)',
      role: 'placement_officer',
    },
    {
      id: '0190d000-0000-7000-8000-0000000da002',
      email: 'securite@demo.relais.test',
      displayName: 'Conseiller en prévention (démo)',
      role: 'safety_officer',
    },
    {
      id: '0190d000-0000-7000-8000-0000000da003',
      email: 'as@demo.relais.test',
      displayName: 'Assistant social (démo)',
      role: 'social_worker',
    },
    {
      id: '0190d000-0000-7000-8000-0000000da004',
      email: 'comite@demo.relais.test',
      displayName: 'Membre du comité (démo)',
      role: 'committee_member',
    },
    {
      id: '0190d000-0000-7000-8000-0000000da005',
      email: 'secretaire@demo.relais.test',
      displayName: 'Secrétaire du comité (démo)',
      role: 'committee_secretary',
    },
    {
      id: '0190d000-0000-7000-8000-0000000da006',
      email: 'admin@demo.relais.test',
      displayName: 'Administrateur du CPAS (démo)',
      role: 'cpas_admin',
    },
    {
      id: '0190d000-0000-7000-8000-0000000da007',
      email: 'operateur@demo.relais.test',
      displayName: 'Opérateur de la plateforme (démo)',
      role: 'platform_operator',
    },
  ],
};

/** The second demo CPAS, Dutch-speaking. */
export const DEMO_STAD: DemoCpas = {
  id: '0190d000-0000-7000-8000-00000000d002',
  name: 'OCMW Demostad',
  accounts: [
    {
      id: '0190d000-0000-7000-8000-0000000db001',
      email: 'agent@demostad.relais.test',
      displayName: 'Trajectbegeleider (demo)',
      role: 'placement_officer',
    },
    {
      id: '0190d000-0000-7000-8000-0000000db002',
      email: 'mw@demostad.relais.test',
      displayName: 'Maatschappelijk werker (demo)',
      role: 'social_worker',
    },
  ],
};

/** Both demo CPAS, in seeding order. */
export const DEMO_CPAS: readonly DemoCpas[] = [DEMO_VILLE, DEMO_STAD];

/** The demo account of a CPAS holding a role (the test and the README name them by role). */
export const demoAccount = (cpas: DemoCpas, role: UserRole): DemoCpas['accounts'][number] => {
  const account = cpas.accounts.find((a) => a.role === role);
  if (!account) throw new Error(`${cpas.name} has no demo ${role}`);
  return account;
};
