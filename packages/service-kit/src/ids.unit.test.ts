import { validate, version } from 'uuid';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newUuidV7 } from './ids.ts';

describe('newUuidV7', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('makes valid version-7 ids, all different, past the pool refill', () => {
    const ids = Array.from({ length: 1000 }, () => newUuidV7());
    for (const id of ids) {
      expect(validate(id)).toBe(true);
      expect(version(id)).toBe(7);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('increases within one millisecond, and carries the time in its first 48 bits', () => {
    vi.useFakeTimers({ now: new Date('2026-12-07T10:00:00.000Z'), toFake: ['Date'] });
    const ids = Array.from({ length: 500 }, () => newUuidV7());
    expect([...ids].sort()).toEqual(ids);
    const msecs = parseInt((ids[0] ?? '').replace(/-/g, '').slice(0, 12), 16);
    expect(msecs).toBe(Date.parse('2026-12-07T10:00:00.000Z'));
  });

  it('increases across milliseconds, and does not reuse random bits between ids', () => {
    vi.useFakeTimers({ now: new Date('2026-12-07T10:00:00.000Z'), toFake: ['Date'] });
    const first = newUuidV7();
    vi.setSystemTime(new Date('2026-12-07T10:00:00.001Z'));
    const second = newUuidV7();
    expect(second > first).toBe(true);
    const tails = Array.from({ length: 300 }, () => newUuidV7().slice(-12));
    expect(new Set(tails).size).toBe(tails.length);
  });
});
