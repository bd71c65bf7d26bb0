import { describe, expect, it } from 'vitest';
import { ConfigError } from './config.ts';
import { faultsFromEnv, isSelected } from './faults.ts';

describe('fault injection settings (RELAIS_FAULTS)', () => {
  it('are off when unset', () => {
    expect(faultsFromEnv({}, 'development')).toBeUndefined();
  });

  it('parse the relay crash and the slow handler', () => {
    expect(
      faultsFromEnv(
        { RELAIS_FAULTS: '{"relayCrashAfterAck":0.2,"slowHandler":{"ms":8000,"fraction":0.05}}' },
        'test',
      ),
    ).toEqual({ relayCrashAfterAck: 0.2, slowHandler: { ms: 8000, fraction: 0.05, oncePerProcess: true } });
  });

  it('are refused in production, and name the field they get wrong', () => {
    expect(() => faultsFromEnv({ RELAIS_FAULTS: '{}' }, 'production')).toThrow(ConfigError);
    expect(() => faultsFromEnv({ RELAIS_FAULTS: '{"relayCrashAfterAck":2}' }, 'test')).toThrow(
      /RELAIS_FAULTS\.relayCrashAfterAck/,
    );
    expect(() => faultsFromEnv({ RELAIS_FAULTS: '{"crash":true}' }, 'test')).toThrow(ConfigError);
  });

  it('select a stable share of events by id', () => {
    const ids = Array.from(
      { length: 4000 },
      (_, i) => `0190a000-0000-7000-8000-${String(i).padStart(12, '0')}`,
    );
    const share = ids.filter((id) => isSelected(id, 0.1)).length / ids.length;
    expect(share).toBeGreaterThan(0.07);
    expect(share).toBeLessThan(0.13);
    expect(ids.filter((id) => isSelected(id, 0.1))).toEqual(ids.filter((id) => isSelected(id, 0.1)));
    expect(ids.some((id) => isSelected(id, 0))).toBe(false);
  });
});
