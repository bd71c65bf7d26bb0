import type { Faker } from '@faker-js/faker';
import { COMMUNES, type Commune } from './communes.ts';
import { addDays } from './dates.ts';
import { nissFor } from './identifiers.ts';
import { STAGES, type DemoCpasSpec, type HostPlan, type Scenario, type Stage } from './model.ts';
import { near, positionAt, sectorOf, slug } from './plan-hosts.ts';
import { engagementSessionFor } from './sessions.ts';
import { SECTORS, SKILLS, TEXTS, type DemoLanguage } from './vocabulary.ts';

const RANK = Object.fromEntries(STAGES.map((s, i) => [s, i])) as Record<Stage, number>;
const atLeast = (stage: Stage, than: Stage) => RANK[stage] >= RANK[than];
const isEnd = (stage: Stage) => stage === 'trial_not_conclusive' || stage === 'ended';

/** A NISS not yet given in this CPAS, for a birth day and sex drawn by faker. */
const uniqueNiss = (faker: Faker, sex: 'male' | 'female', used: Set<string>): string => {
  const birthDate = faker.date
    .between({ from: '1966-01-01T00:00:00Z', to: '2004-12-31T00:00:00Z' })
    .toISOString()
    .slice(0, 10);
  // Odd sequences for men, even for women (the register's rule); 1…997 and 2…994 stay valid.
  let sequence = faker.number.int({ min: 1, max: 497 }) * 2 - (sex === 'male' ? 1 : 0);
  let niss = nissFor(birthDate, sequence);
  while (used.has(niss)) {
    sequence = sequence + 2 > 997 ? (sex === 'male' ? 1 : 2) : sequence + 2;
    niss = nissFor(birthDate, sequence);
  }
  used.add(niss);
  return niss;
};

/** The first contract day of a stage: today, some weeks ago (past starts by the committee), or none. */
const startDateFor = (faker: Faker, stage: Stage, today: string): string | null => {
  if (!atLeast(stage, 'contract_started')) return null;
  if (stage === 'contract_started') return today;
  const daysAgo = {
    trial_running: [5, 20],
    trial_conclusive: [40, 70],
    trial_not_conclusive: [21, 50],
    ended: [10, 40],
  }[stage as 'trial_running'];
  return addDays(today, -faker.number.int({ min: daysAgo[0] ?? 5, max: daysAgo[1] ?? 20 }));
};

/** The trial's outcome as the officer records it (`POST /trial-periods/:id/outcome`). */
const outcomeFor = (faker: Faker, stage: Stage, lang: DemoLanguage, startDate: string | null) => {
  if (stage === 'trial_conclusive') return { outcome: 'conclusive', officerAnalysis: TEXTS.conclusive[lang] };
  if (!isEnd(stage) || !startDate) return null;
  const lastWorkedDay = addDays(startDate, faker.number.int({ min: 1, max: stage === 'ended' ? 6 : 12 }));
  return stage === 'ended'
    ? {
        outcome: 'ended_early',
        lastWorkedDay,
        reasonCode: 'health',
        initiatedBy: 'worker',
        officerAnalysis: TEXTS.endedEarly[lang],
      }
    : {
        outcome: 'not_conclusive',
        lastWorkedDay,
        reasonCode: faker.helpers.arrayElement([
          'tasks_not_matching_skills',
          'language_support_needed',
          'transport',
        ]),
        initiatedBy: faker.helpers.arrayElement(['host', 'cpas']),
        officerAnalysis: TEXTS.notConclusive[lang],
      };
};

/** What one person's plan needs from the CPAS's. */
export interface PersonContext {
  readonly faker: Faker;
  readonly spec: DemoCpasSpec;
  readonly today: string;
  readonly nissUsed: Set<string>;
}

/** One person at a stage: the referral, their RI, the post they go for (at `host`), dates and outcome. */
export const planPerson = (
  ctx: PersonContext,
  stage: Stage,
  n: number,
  host: HostPlan | undefined,
): Scenario => {
  const { faker, spec, today } = ctx;
  const lang = spec.language;
  const sex = faker.helpers.arrayElement(['male', 'female'] as const);
  const firstName = faker.person.firstName(sex);
  const lastName = faker.person.lastName();
  const niss = uniqueNiss(faker, sex, ctx.nissUsed);
  const startDate = startDateFor(faker, stage, today);
  const referredOn = addDays(
    startDate ?? today,
    -(stage === 'referred' ? faker.number.int({ min: 0, max: 20 }) : faker.number.int({ min: 14, max: 120 })),
  );
  const communes: readonly Commune[] = COMMUNES[spec.region];
  const commune = faker.helpers.arrayElement(communes);
  const otherLanguage = faker.helpers.arrayElement(['ar', 'en', 'es', lang === 'fr' ? 'nl' : 'fr', 'tr']);
  const ready = stage !== 'referred';
  const sector = host ? sectorOf(host) : faker.helpers.arrayElement(SECTORS);
  const incomeCategory = faker.helpers.arrayElement(['cohabitant', 'single', 'with_dependants']);
  return {
    key: `${spec.id}:${stage}:${String(n + 1)}`,
    stage,
    referral: {
      niss,
      firstName,
      lastName,
      email: faker.datatype.boolean() ? `${slug(firstName)}.${slug(lastName)}@example.be` : null,
      phone: faker.phone.number(),
      incomeCategory,
      languages: [
        { code: lang, level: faker.helpers.arrayElement(['B1', 'B2', 'C1']) },
        { code: otherLanguage, level: faker.helpers.arrayElement(['A2', 'B1', 'C2']) },
      ],
      skills: faker.helpers.arrayElements([...new Set([...sector.skills, ...SKILLS.map((s) => s.code)])], {
        min: 1,
        max: 3,
      }),
      skillsNote: null,
      experienceNote: null,
      drivingLicence: faker.datatype.boolean({ probability: 0.3 }),
      timeWindows: [],
      daysUnavailable: [],
      homeCommune: commune.name,
      home: near(faker, commune),
      maxTravelKm: faker.helpers.arrayElement([20, 25, 30]),
      // Restrictions only for people not yet prepared: the others must pass the posts' filters.
      healthRestrictions: ready
        ? []
        : faker.helpers.arrayElements(['heavy_lifting', 'night_work'], { min: 0, max: 1 }),
      hasCriminalRecord: false,
      wishedSectors: [sector.sector],
      wishedJobs: [sector.job[lang]],
      wishesInOwnWords: null,
      workReadiness: ready ? 'ready' : faker.helpers.arrayElement(['not_ready', 'ready_with_support']),
      daysNeededForRights: faker.number.int({ min: 150, max: 420 }),
      referredOn,
    },
    income: {
      startDate: addDays(referredOn, -faker.number.int({ min: 30, max: 400 })),
      category: incomeCategory,
    },
    position: host
      ? positionAt(
          lang,
          host,
          stage === 'proposed' ? addDays(today, faker.number.int({ min: 10, max: 30 })) : null,
        )
      : null,
    companionKey: null,
    startDate,
    engagementSession: startDate ? engagementSessionFor(today, startDate) : null,
    // Not under 30 hours: fewer would stretch the contract past the 731 days placement's engagement rule allows.
    weeklyHours: faker.helpers.arrayElement([30, 34, 38]),
    outcome: outcomeFor(faker, stage, lang, startDate),
    ratified: false,
  };
};

/** Whether a stage is a placement that ended (its reopening goes to the committee). */
export const endsPlacement = isEnd;
/** Whether a stage has gone as far as `than`. */
export const reached = atLeast;
