import { describe, expect, it } from 'vitest';
import { registerHost, type HostEmployer } from './host.ts';
import type { Actor } from './model.ts';
import {
  closePosition,
  defineSkill,
  expirePosition,
  openPosition,
  type OpenPosition,
  type OpenPositionFacts,
  type Position,
} from './position.ts';

const officer: Actor = { id: '0190a000-0000-7000-8000-0000000000a1', role: 'placement_officer' };
const committee: Actor = { id: '0190a000-0000-7000-8000-0000000000a3', role: 'committee_member' };

const approvedHost: HostEmployer = {
  ...registerHost(
    {
      tenantId: '0190a000-0000-7000-8000-000000000001',
      enterpriseNumber: '0123456749',
      name: 'ASBL Les Jardins',
      legalType: 'asbl',
      sector: 'green_spaces',
      tutor: { name: 'Mme Tutrice', email: null, phone: null },
      sites: [{ name: 'Serre', address: 'Chaussée 3', commune: 'Anderlecht', lat: 50.83, lon: 4.3 }],
    },
    officer,
    { host: 'h1', sites: ['s1'] },
  ).host,
  partnerStatus: 'approved',
  safetyStatus: 'cleared',
  safetyAssessedOn: '2026-03-01',
};

const command: OpenPosition = {
  tenantId: approvedHost.tenantId,
  hostEmployerId: 'h1',
  siteId: 's1',
  title: 'Ouvrier·ère jardinier·ère',
  tasks: 'Entretien des parterres',
  requiredSkills: ['gardening'],
  desiredSkills: ['driving_van'],
  minLanguages: [{ code: 'fr', level: 'A2' }],
  schedule: { days: ['mon', 'tue', 'wed'], from: '08:00', to: '16:00' },
  physicalDemands: ['outdoor_work'],
  drivingLicenceRequired: false,
  criminalRecordAcceptable: true,
  openings: 2,
  wishedStart: '2026-04-01',
  fillDeadline: '2026-03-25',
};

const facts: OpenPositionFacts = {
  host: approvedHost,
  unknownSkills: [],
  positionExpiryDays: 90,
  today: '2026-03-02',
};

describe('openPosition', () => {
  it('given an approved partner cleared by safety, when an officer opens a post, then it is open and expires after the configured days', () => {
    expect(openPosition(command, facts, officer, 'p1')).toEqual({
      ...command,
      id: 'p1',
      filled: 0,
      status: 'open',
      openedOn: '2026-03-02',
      expiresOn: '2026-05-31',
    });
  });

  it.each([
    ['pending_safety_visit', 'not_assessed'],
    ['awaiting_committee', 'cleared'],
    ['suspended', 'blocked'],
    ['approved', 'blocked'],
    ['ended', 'cleared'],
  ] as const)(
    'given a host %s with safety %s, when a post is opened, then 409 HOST_NOT_CLEARED_FOR_PLACEMENTS',
    (partnerStatus, safetyStatus) => {
      expect(() =>
        openPosition(
          command,
          { ...facts, host: { ...approvedHost, partnerStatus, safetyStatus } },
          officer,
          'p1',
        ),
      ).toThrow(expect.objectContaining({ code: 'HOST_NOT_CLEARED_FOR_PLACEMENTS', kind: 'conflict' }));
    },
  );

  it.each([
    ['an unknown host', { host: undefined }, {}, 'HOST_EMPLOYER_UNKNOWN', 'hostEmployerId'],
    ["another host's site", {}, { siteId: 's9' }, 'SITE_NOT_OF_HOST', 'siteId'],
    ['an unknown desired skill', { unknownSkills: ['driving_van'] }, {}, 'SKILL_UNKNOWN', 'desiredSkills.0'],
    [
      'a schedule ending before it starts',
      {},
      { schedule: { days: ['mon'], from: '16:00', to: '08:00' } },
      'SCHEDULE_EMPTY',
      'schedule.to',
    ],
    [
      'a language twice',
      {},
      {
        minLanguages: [
          { code: 'fr', level: 'A2' },
          { code: 'fr', level: 'B1' },
        ],
      },
      'LANGUAGE_REPEATED',
      'minLanguages.1.code',
    ],
    ['a deadline already past', {}, { fillDeadline: '2026-03-01' }, 'FILL_DEADLINE_PAST', 'fillDeadline'],
  ] as const)(
    'given %s, when a post is opened, then 422 names the field',
    (_what, factChange, commandChange, code, field) => {
      expect(() =>
        openPosition({ ...command, ...commandChange }, { ...facts, ...factChange }, officer, 'p1'),
      ).toThrow(expect.objectContaining({ code, kind: 'invalid', field }));
    },
  );

  it('given unknown skills, when a post is opened, then the detail names every unknown code', () => {
    expect(() =>
      openPosition(
        { ...command, requiredSkills: ['gardening', 'welding'] },
        { ...facts, unknownSkills: ['welding', 'driving_van'] },
        officer,
        'p1',
      ),
    ).toThrow(
      expect.objectContaining({
        field: 'requiredSkills.1',
        message: "not in the CPAS's skills vocabulary: welding, driving_van",
      }),
    );
  });

  it('given a committee member, when they open a post, then the role is refused', () => {
    expect(() => openPosition(command, facts, committee, 'p1')).toThrow(
      expect.objectContaining({ code: 'ROLE_NOT_ALLOWED' }),
    );
  });
});

describe('closePosition and expirePosition', () => {
  const open: Position = openPosition(command, facts, officer, 'p1');

  it('given an open post, when the officer closes it, then it is closed; closing again is refused', () => {
    const closed = closePosition(open, officer);
    expect(closed.status).toBe('closed');
    expect(() => closePosition(closed, officer)).toThrow(
      expect.objectContaining({ code: 'POSITION_NOT_OPEN' }),
    );
  });

  it('given an open post, when its expiry day is past, then it expires; on its expiry day it stays open', () => {
    expect(expirePosition(open, '2026-06-01')?.status).toBe('expired');
    expect(expirePosition(open, '2026-05-31')).toBeUndefined();
  });

  it('given a closed or expired post, when expiry runs, then nothing changes', () => {
    expect(expirePosition(closePosition(open, officer), '2027-01-01')).toBeUndefined();
    expect(expirePosition({ ...open, status: 'expired' }, '2027-01-01')).toBeUndefined();
  });

  it('given a committee member, when they add a skill, then the role is refused', () => {
    const skill = { code: 'gardening', labelFr: 'Jardinage', labelNl: 'Tuinieren' };
    expect(defineSkill(skill, officer)).toEqual(skill);
    expect(() => defineSkill(skill, committee)).toThrow(
      expect.objectContaining({ code: 'ROLE_NOT_ALLOWED' }),
    );
  });
});
