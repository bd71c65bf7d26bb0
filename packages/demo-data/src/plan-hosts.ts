import type { Faker } from '@faker-js/faker';
import type { Commune } from './communes.ts';
import { COMMUNES } from './communes.ts';
import { addDays } from './dates.ts';
import { enterpriseNumberFor } from './identifiers.ts';
import type { DemoCpasSpec, HostPlan, PositionPlan } from './model.ts';
import { SECTORS, type DemoLanguage, type DemoSector } from './vocabulary.ts';

/** An ASCII local part for a made-up email address (example.be, a reserved-style domain). */
export const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();

/** A point a few hundred metres from a commune's centre. */
export const near = (faker: Faker, commune: Commune) => ({
  lat: Number((commune.lat + faker.number.float({ min: -0.006, max: 0.006 })).toFixed(5)),
  lon: Number((commune.lon + faker.number.float({ min: -0.006, max: 0.006 })).toFixed(5)),
});

/** The sector of a planned host. */
export const sectorOf = (host: HostPlan): DemoSector => {
  const sector = SECTORS.find((s) => s.sector === host.registration.sector) ?? SECTORS[0];
  if (!sector) throw new Error('no sector');
  return sector;
};

/** The article 60 post of a host's sector: no required skill, the CPAS's language at A2, weekdays. */
export const positionAt = (lang: DemoLanguage, host: HostPlan, fillDeadline: string | null): PositionPlan => {
  const sector = sectorOf(host);
  return {
    hostKey: host.key,
    body: {
      title: sector.job[lang],
      tasks: sector.tasks[lang],
      requiredSkills: [],
      desiredSkills: [...sector.skills],
      minLanguages: [{ code: lang, level: 'A2' }],
      schedule: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '16:00' },
      physicalDemands: [...sector.physicalDemands],
      drivingLicenceRequired: false,
      criminalRecordAcceptable: true,
      openings: 1,
      wishedStart: null,
      fillDeadline,
    },
  };
};

/** One host of the CPAS: a sector in turn, a name, a tutor, one site in one of the region's communes. */
const planHost = (
  faker: Faker,
  spec: DemoCpasSpec,
  today: string,
  i: number,
  sector: DemoSector,
): HostPlan => {
  const lang = spec.language;
  const communes: readonly Commune[] = COMMUNES[spec.region];
  const commune = faker.helpers.arrayElement(communes);
  const tutorFirst = faker.person.firstName();
  const tutorLast = faker.person.lastName();
  const approved = i < spec.approvedHosts;
  return {
    key: `host-${String(i + 1)}`,
    approved,
    registration: {
      enterpriseNumber: enterpriseNumberFor(faker.number.int({ min: 200_000, max: 9_999_999 })),
      name: faker.helpers.arrayElement(sector.hostNames[lang]),
      legalType: sector.legalType,
      sector: sector.sector,
      tutor: {
        name: `${tutorFirst} ${tutorLast}`,
        email: `${slug(tutorFirst)}.${slug(tutorLast)}@example.be`,
        phone: faker.phone.number(),
      },
      sites: [
        {
          name: lang === 'fr' ? 'Site principal' : 'Hoofdzetel',
          address: `${faker.location.street()} ${String(faker.number.int({ min: 1, max: 180 }))}`,
          commune: commune.name,
          ...near(faker, commune),
        },
      ],
    },
    preApprovalVisitOn: approved ? today : addDays(today, faker.number.int({ min: 2, max: 10 })),
    periodicVisitOn: approved ? addDays(today, faker.number.int({ min: 14, max: 120 })) : null,
  };
};

/** The CPAS's hosts: approved ones first, then those waiting for their pre-approval visit; names unique. */
export const planHosts = (faker: Faker, spec: DemoCpasSpec, today: string, cpasIndex: number): HostPlan[] => {
  const hosts: HostPlan[] = [];
  const names = new Set<string>();
  for (let i = 0; i < spec.approvedHosts + spec.pendingHosts; i++) {
    const sector = SECTORS[(i + cpasIndex * 3) % SECTORS.length];
    if (!sector) throw new Error('no sector');
    const host = planHost(faker, spec, today, i, sector);
    const name = names.has(host.registration.name)
      ? `${host.registration.name} ${faker.location.street()}`
      : host.registration.name;
    names.add(name);
    hosts.push({ ...host, registration: { ...host.registration, name } });
  }
  return hosts;
};
