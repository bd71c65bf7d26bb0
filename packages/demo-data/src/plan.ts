import { Faker, base, en, fr, fr_BE, nl, nl_BE } from '@faker-js/faker';
import { addDays } from './dates.ts';
import { STAGES, type CpasPlan, type DemoCpasSpec, type DemoPlan, type Scenario } from './model.ts';
import { planHosts, positionAt } from './plan-hosts.ts';
import { endsPlacement, planPerson, reached } from './plan-people.ts';
import { SESSION_OFFSETS } from './sessions.ts';
import { SKILLS } from './vocabulary.ts';

export * from './model.ts';
export { engagementSessionFor } from './sessions.ts';

const LOCALES = { fr: [fr_BE, fr, en, base], nl: [nl_BE, nl, en, base] } as const;

/**
 * The people of a CPAS, stage by stage: posts at the approved hosts in turn; the first
 * `ratifiedEnds` ended trials ratified; each chosen person presented with an available one.
 */
const planPeople = (
  faker: Faker,
  spec: DemoCpasSpec,
  today: string,
  approved: CpasPlan['hosts'],
): Scenario[] => {
  const ctx = { faker, spec, today, nissUsed: new Set<string>() };
  const people: Scenario[] = [];
  let turn = 0;
  let ratifiedLeft = spec.ratifiedEnds;
  for (const stage of STAGES)
    for (let n = 0; n < spec.stages[stage]; n++) {
      const host = reached(stage, 'shortlisted') ? approved[turn++ % approved.length] : undefined;
      const person = planPerson(ctx, stage, n, host);
      const ratified = endsPlacement(stage) && ratifiedLeft > 0;
      if (ratified) ratifiedLeft--;
      people.push({ ...person, ratified });
    }
  const companions = people.filter((s) => s.stage === 'available').map((s) => s.key);
  return people.map((s) => (s.stage === 'chosen' ? { ...s, companionKey: companions.shift() ?? null } : s));
};

/** Generates one CPAS's demo data; `faker` is seeded by the caller. */
const planCpas = (faker: Faker, spec: DemoCpasSpec, today: string, cpasIndex: number): CpasPlan => {
  const hosts = planHosts(faker, spec, today, cpasIndex);
  const approved = hosts.filter((h) => h.approved);
  return {
    spec,
    skills: SKILLS,
    hosts,
    openPositions: approved.map((h) => positionAt(spec.language, h, addDays(today, 45))),
    scenarios: planPeople(faker, spec, today, approved),
    sessions: { hostApproval: addDays(today, SESSION_OFFSETS[0]), today, next: addDays(today, 7) },
  };
};

/**
 * The demo data of every CPAS, from a seed and the day it is loaded on: the same seed and day
 * give the same names, numbers and paths (dates are relative to `today`, so the story stays
 * current whenever it is loaded; names and numbers do not depend on the day). Pure: no I/O, no clock.
 */
export const generateDemoPlan = (options: {
  readonly seed: number;
  readonly today: string;
  readonly cpas: readonly DemoCpasSpec[];
}): DemoPlan => ({
  seed: options.seed,
  today: options.today,
  cpas: options.cpas.map((spec, i) => {
    const faker = new Faker({ locale: [...LOCALES[spec.language]] });
    faker.seed(options.seed + i * 7919);
    return planCpas(faker, spec, options.today, i);
  }),
});
