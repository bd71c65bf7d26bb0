import { readFileSync, writeFileSync } from 'node:fs';
import { Parser } from '@asyncapi/parser';
import { describe, expect, it } from 'vitest';
import { asyncApiDocument } from './asyncapi.ts';
import { EVENT_DEFINITIONS } from './registry.ts';

const file = new URL('../asyncapi.json', import.meta.url);
const rendered = () => `${JSON.stringify(asyncApiDocument(), null, 2)}\n`;

describe('the AsyncAPI document (issue 11)', () => {
  it('given the contracts, when the document is generated, then the AsyncAPI parser finds no error', async () => {
    // As text, the way a consumer would load the file; severity 0 is an error (1 a warning).
    const diagnostics = await new Parser().validate(JSON.stringify(asyncApiDocument()));
    expect(
      diagnostics.filter((d) => (d.severity as number) === 0).map((d) => `${d.path.join('.')}: ${d.message}`),
    ).toEqual([]);
  });

  it('given every event version, when the document is read, then each has its message with its personal fields', () => {
    const messages = (
      asyncApiDocument() as { components: { messages: Record<string, { 'x-personal-fields': unknown }> } }
    ).components.messages;
    for (const d of EVENT_DEFINITIONS)
      expect(messages[`${d.type}V${String(d.version)}`]?.['x-personal-fields']).toEqual(d.personalFields);
  });

  it('given the committed asyncapi.json, when compared with the generated one, then they are the same', async () => {
    const { format, resolveConfig } = await import('prettier');
    const expected = await format(rendered(), { ...(await resolveConfig(file)), parser: 'json' });
    if (process.env.UPDATE_DOCS) writeFileSync(file, expected);
    expect(readFileSync(file, 'utf8')).toBe(expected);
  });
});
