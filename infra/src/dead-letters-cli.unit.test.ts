import { describe, expect, it } from 'vitest';
import {
  DeadLettersUsageError,
  formatDeadLetterTable,
  parseDeadLettersArgs,
  type ListedLetter,
} from './dead-letters-cli.ts';

const id = '0190a000-0000-7000-8000-0000000000aa';

describe('dead-letters command line', () => {
  it('lists through the service under the edge, with the filters as query parameters', () => {
    const parsed = parseDeadLettersArgs(
      [
        'list',
        '--service',
        'income-continuity',
        '--status',
        'parked',
        '--reason',
        'malformed_json',
        '--limit',
        '5',
      ],
      { RELAIS_EDGE_URL: 'http://edge.test:3000/' },
    );
    expect(parsed).toEqual({
      command: 'list',
      service: 'income-continuity',
      edge: 'http://edge.test:3000',
      json: false,
      request: { method: 'GET', path: '/dead-letters?status=parked&reason=malformed_json&limit=5' },
    });
    expect(parseDeadLettersArgs(['list', '--service', 'placement']).edge).toBe('http://127.0.0.1:3000');
  });

  it('replays with a corrected event given inline or from a file, replays all, discards with a reason', () => {
    expect(parseDeadLettersArgs(['replay', id, '--service', 'committee']).request).toEqual({
      method: 'POST',
      path: `/dead-letters/${id}/replay`,
      body: {},
    });
    const fromFile = parseDeadLettersArgs(
      ['replay', id, '--service', 'committee', '--value', '@fixed.json'],
      {},
      (path) => (path === 'fixed.json' ? '{"id":"x"}' : ''),
    );
    expect(fromFile.request.body).toEqual({ value: { id: 'x' } });
    expect(
      parseDeadLettersArgs(['replay-all', '--service', 'committee', '--reason', 'invalid_data']).request,
    ).toEqual({
      method: 'POST',
      path: '/dead-letters/replay',
      body: { reason: 'invalid_data' },
    });
    expect(
      parseDeadLettersArgs(['discard', id, '--service', 'committee', '--reason', 'test message']).request,
    ).toEqual({
      method: 'POST',
      path: `/dead-letters/${id}/discard`,
      body: { reason: 'test message' },
    });
  });

  it('refuses what it cannot send: no service, no id, a bad id, a value that is not an object, a discard without reason', () => {
    const refused = (argv: string[]) => () => parseDeadLettersArgs(argv);
    expect(refused(['list'])).toThrow(DeadLettersUsageError);
    expect(refused(['show', '--service', 'placement'])).toThrow(/UUID/);
    expect(refused(['show', 'nope', '--service', 'placement'])).toThrow(/UUID/);
    expect(refused(['replay', id, '--service', 'placement', '--value', '[1]'])).toThrow(/JSON object/);
    expect(refused(['replay', id, '--service', 'placement', '--value', '{oops'])).toThrow(/not JSON/);
    expect(refused(['discard', id, '--service', 'placement'])).toThrow(/--reason/);
    expect(refused(['purge', '--service', 'placement'])).toThrow(/expected one of/);
    expect(refused(['list', id, '--service', 'placement'])).toThrow(/unexpected argument/);
  });

  it('prints the list as an aligned table and says where the next page starts', () => {
    const letter: ListedLetter = {
      id,
      status: 'parked',
      reason: 'malformed_json',
      eventType: null,
      key: '',
      sourceTopic: 'trial-period.events.v1',
      sourcePartition: 2,
      sourceOffset: '41',
      parkedAt: '2026-12-05T10:11:12.345Z',
      attempts: 0,
    };
    const table = formatDeadLetterTable(
      [
        letter,
        { ...letter, status: 'held', reason: 'held_behind_parked', eventType: 'TrialEnded', key: 'k' },
      ],
      'abc',
    );
    expect(table.split('\n')).toEqual([
      `ID                                    STATUS  REASON              EVENT       KEY  SOURCE                        PARKED AT            TRIES`,
      `${id}  parked  malformed_json      -           -    trial-period.events.v1[2]@41  2026-12-05 10:11:12  0`,
      `${id}  held    held_behind_parked  TrialEnded  k    trial-period.events.v1[2]@41  2026-12-05 10:11:12  0`,
      'more: --cursor abc',
      '',
    ]);
    expect(formatDeadLetterTable([], null)).toBe('no dead letters\n');
  });
});
