import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EVENT_DEFINITIONS } from './registry.ts';

/** Identifying details no event carries: consumers get an identifier and ask the owner if they must. */
const NEVER_IN_EVENTS = [
  'niss',
  'firstName',
  'lastName',
  'email',
  'phone',
  'birthDate',
  'home',
  'homeCommune',
  'healthRestrictions',
  'hasCriminalRecord',
];
/** Keys that name a person, or hold free text about one: each must be declared in `personalFields`. */
const PERSONAL = /^(personId|workerId|candidateId)$|(Analysis|Note|Notes|Comment)$/;

interface JsonSchema {
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

const keysOf = (schema: JsonSchema, prefix = ''): string[] => [
  ...Object.entries(schema.properties ?? {}).flatMap(([key, inner]) => [
    `${prefix}${key}`,
    ...keysOf(inner, `${prefix}${key}.`),
  ]),
  ...(schema.items ? keysOf(schema.items, prefix) : []),
  ...[...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].flatMap((s) => keysOf(s, prefix)),
];

const paths = (definition: (typeof EVENT_DEFINITIONS)[number]) => [
  ...new Set(
    keysOf(z.toJSONSchema(definition.schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema),
  ),
];

const leaf = (path: string) => path.split('.').at(-1) ?? path;

/** The privacy register of the events, as committed in packages/contracts/PERSONAL-DATA.md. */
const register = (): string =>
  [
    '# Personal data in integration events',
    '',
    'Generated from `personalFields` of each event contract by `personal-data.unit.test.ts`',
    '(`UPDATE_DOCS=1` rewrites it). No event carries a NISS, a name, contact details, health or',
    'criminal-record data: consumers get pseudonymous identifiers and ask the owning service when a',
    'person with the right role needs more.',
    '',
    '| event | version | personal fields |',
    '| --- | --- | --- |',
    ...EVENT_DEFINITIONS.map(
      (d) =>
        `| ${d.type} | ${String(d.version)} | ${d.personalFields.length > 0 ? d.personalFields.join('; ') : 'none'} |`,
    ),
    '',
  ].join('\n');

describe('personal data in events (least data, issue 7)', () => {
  it.each(EVENT_DEFINITIONS.map((d) => [`${d.type} v${String(d.version)}`, d] as const))(
    'given %s, when its schema is read, then it carries no identifying detail and declares every personal field',
    (_name, definition) => {
      const keys = paths(definition);
      expect(keys.filter((k) => NEVER_IN_EVENTS.includes(leaf(k)))).toEqual([]);
      const undeclared = keys
        .filter((k) => PERSONAL.test(leaf(k)))
        .filter((k) => !definition.personalFields.some((f) => f.includes(leaf(k))));
      expect(undeclared).toEqual([]);
    },
  );

  it('given an event that names a person without declaring it, when checked, then the walker finds the key', () => {
    const [first] = EVENT_DEFINITIONS;
    if (!first) throw new Error('no events');
    const sneaky = { ...first, personalFields: [] };
    expect(paths(sneaky).filter((k) => PERSONAL.test(leaf(k)))).toContain('personId');
  });

  it('given the contracts, when the privacy register is rendered, then the committed one is the same', async () => {
    const file = new URL('../PERSONAL-DATA.md', import.meta.url);
    // Formatted as the repository's formatter would, so `prettier --check` and this test agree.
    const { format, resolveConfig } = await import('prettier');
    const expected = await format(register(), { ...(await resolveConfig(file)), parser: 'markdown' });
    if (process.env.UPDATE_DOCS) writeFileSync(file, expected);
    expect(readFileSync(file, 'utf8')).toBe(expected);
  });
});
