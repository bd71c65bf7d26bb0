import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataJsonSchema } from './asyncapi.ts';
import { incompatibilities, type JsonSchema } from './compatibility.ts';
import { EVENT_DEFINITIONS } from './registry.ts';

const historyFile = new URL('../schema-history.json', import.meta.url);
type History = Record<string, JsonSchema[]>;
const key = (d: (typeof EVENT_DEFINITIONS)[number]) => `${d.type} v${String(d.version)}`;

const object = (properties: Record<string, JsonSchema>, required: string[]): JsonSchema => ({
  type: 'object',
  properties,
  required,
});
const id = { type: 'string', format: 'uuid' };

describe('schema evolution rules', () => {
  it('given a new optional field, when checked, then it is compatible both ways', () => {
    expect(
      incompatibilities(object({ a: id }, ['a']), object({ a: id, b: { type: 'string' } }, ['a'])),
    ).toEqual([]);
  });

  it('given a new required field, a removed one, a changed type or a narrowed enum, when checked, then each is refused', () => {
    const before = object({ a: id, b: { type: 'string', enum: ['x', 'y'] }, c: object({ d: id }, ['d']) }, [
      'a',
      'b',
      'c',
    ]);
    expect(incompatibilities(before, object({ ...before.properties, e: id }, ['a', 'b', 'c', 'e']))).toEqual([
      'data.e is newly required: older events lack it (give it a default)',
    ]);
    expect(
      incompatibilities(
        before,
        object({ b: before.properties?.b ?? {}, c: before.properties?.c ?? {} }, ['b', 'c']),
      ),
    ).toEqual(['data.a is no longer required: older consumers need it', 'data.a was removed']);
    expect(
      incompatibilities(before, object({ ...before.properties, a: { type: 'integer' } }, ['a', 'b', 'c'])),
    ).toHaveLength(1);
    expect(
      incompatibilities(
        before,
        object({ ...before.properties, b: { type: 'string', enum: ['x'] } }, ['a', 'b', 'c']),
      ),
    ).toHaveLength(1);
    expect(
      incompatibilities(before, object({ ...before.properties, c: object({ d: id }, []) }, ['a', 'b', 'c'])),
    ).toEqual(['data.c.d is no longer required: older consumers need it']);
  });
});

describe('the schema history of every event version (issue 11)', () => {
  const history = JSON.parse(readFileSync(historyFile, 'utf8')) as History;

  it.each(EVENT_DEFINITIONS.map((d) => [key(d), d] as const))(
    'given %s, when compared with every schema it had, then it stays readable both ways',
    (_name, definition) => {
      const revisions = history[key(definition)] ?? [];
      expect(revisions.length, `no history for ${key(definition)}: run with UPDATE_DOCS=1`).toBeGreaterThan(
        0,
      );
      const current = dataJsonSchema(definition) as JsonSchema;
      expect(revisions.flatMap((previous) => incompatibilities(previous, current))).toEqual([]);
    },
  );

  it('given the current schemas, when compared with the last recorded ones, then any change is recorded', async () => {
    const next: History = { ...history };
    for (const d of EVENT_DEFINITIONS) {
      const current = dataJsonSchema(d) as JsonSchema;
      const revisions = next[key(d)] ?? [];
      if (JSON.stringify(revisions.at(-1)) !== JSON.stringify(current))
        next[key(d)] = [...revisions, current];
    }
    if (process.env.UPDATE_DOCS) {
      const { format, resolveConfig } = await import('prettier');
      const options = { ...(await resolveConfig(historyFile)), parser: 'json' };
      writeFileSync(historyFile, await format(JSON.stringify(next, null, 2), options));
    }
    expect(Object.keys(next).filter((k) => next[k]?.length !== history[k]?.length)).toEqual([]);
  });
});
