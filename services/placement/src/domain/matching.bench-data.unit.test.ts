import { describe, expect, it } from 'vitest';
import { rankCandidates } from './matching.ts';
import { SYNTHETIC_TODAY, syntheticCandidates, syntheticPosition } from './matching.bench-data.ts';

const weights = { skills: 0.35, wishes: 0.2, distance: 0.15, waiting: 0.3 };

describe('synthetic matching data', () => {
  it('given the same size and seed, when generated twice, then the candidates and the position are identical', () => {
    expect(syntheticCandidates(500, 7)).toEqual(syntheticCandidates(500, 7));
    expect(syntheticPosition(7)).toEqual(syntheticPosition(7));
    expect(syntheticCandidates(500, 8)).not.toEqual(syntheticCandidates(500, 7));
  });

  it('given 2,000 candidates, when generated, then ids are unique, homes are around Brussels and referrals precede today', () => {
    const candidates = syntheticCandidates(2000, 1);
    expect(new Set(candidates.map((c) => c.id)).size).toBe(2000);
    for (const c of candidates) {
      expect(Math.abs(c.home.lat - 50.85)).toBeLessThan(0.2);
      expect(Math.abs(c.home.lon - 4.35)).toBeLessThan(0.25);
      expect(c.referredOn <= SYNTHETIC_TODAY).toBe(true);
    }
  });

  it('given synthetic positions, when 5,000 candidates are ranked, then some are eligible and every filter excludes someone somewhere', () => {
    const candidates = syntheticCandidates(5000, 3);
    const excludedBy = new Set<string>();
    for (let seed = 0; seed < 10; seed++) {
      const ranking = rankCandidates(syntheticPosition(seed), candidates, weights, SYNTHETIC_TODAY);
      expect(ranking.ranked.length).toBeGreaterThan(0);
      for (const [filter, n] of Object.entries(ranking.excludedCountByFilter))
        if (n > 0) excludedBy.add(filter);
    }
    expect(excludedBy.size).toBe(9);
  });
});
