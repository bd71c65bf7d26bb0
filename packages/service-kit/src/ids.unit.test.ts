import { validate, version } from 'uuid';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newUuidV7 } from './ids.ts';

/**
 * A whole second an hour past every id made so far: the ids increase within the process, so an id
 * made at a time before the last one carries the last one's time (the next test), and a fixed
 * date would hold only until the real clock passed it.
 */
const later = () => Math.ceil(Date.now() / 1000) * 1000 + 3_600_000;

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
    const at = later();
    vi.useFakeTimers({ now: at, toFake: ['Date'] });
    const ids = Array.from({ length: 500 }, () => newUuidV7());
    expect([...ids].sort()).toEqual(ids);
    const msecs = parseInt((ids[0] ?? '').replace(/-/g, '').slice(0, 12), 16);
    expect(msecs).toBe(at);
  });

  it('given a clock set back, keeps increasing from the last id instead of going back with it', () => {
    const last = newUuidV7();
    vi.useFakeTimers({ now: Date.now() - 3_600_000, toFake: ['Date'] });
    const after = newUuidV7();
    expect(after > last).toBe(true);
    expect(after.slice(0, 13)).toBe(last.slice(0, 13));
  });

  it('increases across milliseconds, and does not reuse random bits between ids', () => {
    const at = later();
    vi.useFakeTimers({ now: at, toFake: ['Date'] });
    const first = newUuidV7();
    vi.setSystemTime(at + 1);
    const second = newUuidV7();
    expect(second > first).toBe(true);
    const tails = Array.from({ length: 300 }, () => newUuidV7().slice(-12));
    expect(new Set(tails).size).toBe(tails.length);
  });
});
