import { describe, expect, it } from 'vitest';
import {
  validateEnterpriseNumber,
  validateNiss,
} from '../../../services/placement/src/domain/identifiers.ts';
import { demoCpasSpecs } from './cpas.ts';
import { enterpriseNumberFor, nissFor } from './identifiers.ts';
import { generateDemoPlan, STAGES } from './plan.ts';

const TODAY = '2026-12-07';
const plan = (seed = 60, size: 'full' | 'small' = 'full') =>
  generateDemoPlan({ seed, today: TODAY, cpas: demoCpasSpecs(size) });

describe('demo identifiers, checked by placement’s own validators', () => {
  it('makes NISS that pass, for births before and from 2000, with the sex in the sequence', () => {
    expect(validateNiss(nissFor('1985-07-30', 33))).toMatchObject({
      ok: true,
      birthDate: '1985-07-30',
      sex: 'male',
    });
    expect(validateNiss(nissFor('2003-02-01', 2))).toMatchObject({
      ok: true,
      birthDate: '2003-02-01',
      sex: 'female',
    });
    expect(() => nissFor('1990-01-01', 999)).toThrow(RangeError);
  });

  it('makes enterprise numbers that pass', () => {
    for (const body of [1, 202_239, 9_999_999])
      expect(validateEnterpriseNumber(enterpriseNumberFor(body)).ok).toBe(true);
  });

  it('gives every generated person and host a valid, unique number', () => {
    for (const cpas of plan().cpas) {
      const niss = cpas.scenarios.map((s) => s.referral.niss);
      expect(niss.every((n) => validateNiss(n).ok)).toBe(true);
      expect(new Set(niss).size).toBe(niss.length);
      const bce = cpas.hosts.map((h) => h.registration.enterpriseNumber);
      expect(bce.every((n) => validateEnterpriseNumber(n).ok)).toBe(true);
      expect(new Set(bce).size).toBe(bce.length);
    }
  });
});

describe('the demo plan', () => {
  it('is the same for the same seed and day, and another for another seed', () => {
    expect(plan(60)).toEqual(plan(60));
    expect(plan(61).cpas[0]?.scenarios[0]?.referral.niss).not.toBe(
      plan(60).cpas[0]?.scenarios[0]?.referral.niss,
    );
  });

  it('puts people at every stage in both demo CPAS, in the numbers asked', () => {
    for (const cpas of plan().cpas) {
      for (const stage of STAGES)
        expect(cpas.scenarios.filter((s) => s.stage === stage)).toHaveLength(cpas.spec.stages[stage]);
      expect(STAGES.every((stage) => cpas.spec.stages[stage] > 0)).toBe(true);
    }
    expect(plan(60, 'small').cpas.flatMap((c) => c.scenarios)).toHaveLength(11);
  });

  it('dates each path in order: RI before referral, referral before start, the committee before the start, the end after it', () => {
    for (const s of plan().cpas.flatMap((c) => c.scenarios)) {
      expect(s.income.startDate < s.referral.referredOn).toBe(true);
      expect(s.referral.referredOn <= TODAY).toBe(true);
      if (s.startDate) {
        expect(s.referral.referredOn < s.startDate).toBe(true);
        expect(s.startDate <= TODAY).toBe(true);
        expect(String(s.engagementSession) <= s.startDate).toBe(true);
        if (s.startDate < TODAY) expect(String(s.engagementSession) < s.startDate).toBe(true);
      }
      const last = s.outcome?.lastWorkedDay;
      if (typeof last === 'string') {
        expect(last >= String(s.startDate)).toBe(true);
        expect(last < TODAY).toBe(true);
      }
    }
  });

  it('has the committee ratify some ended trials and leave the others for the next session', () => {
    const ends = plan()
      .cpas.flatMap((c) => c.scenarios)
      .filter((s) => s.stage === 'ended' || s.stage === 'trial_not_conclusive');
    expect(ends.some((s) => s.ratified)).toBe(true);
    expect(ends.some((s) => !s.ratified)).toBe(true);
  });

  it('writes in each CPAS’s language (Belgian names from faker’s fr_BE and nl_BE)', () => {
    const [ville, stad] = plan().cpas;
    expect(ville?.scenarios[0]?.referral.languages).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'fr' })]),
    );
    expect(stad?.scenarios[0]?.referral.languages).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'nl' })]),
    );
    expect(stad?.hosts[0]?.registration.sites[0]?.name).toBe('Hoofdzetel');
  });
});

describe('the demo plan on another day', () => {
  it('names the same people and hosts, so a start on another day finds them (idempotent)', () => {
    const other = generateDemoPlan({ seed: 60, today: '2027-03-01', cpas: demoCpasSpecs('full') });
    const keys = (p: ReturnType<typeof plan>) =>
      p.cpas.flatMap((c) => [
        ...c.scenarios.map((s) => s.referral.niss),
        ...c.hosts.map((h) => h.registration.enterpriseNumber),
      ]);
    expect(keys(other)).toEqual(keys(plan()));
  });
});
