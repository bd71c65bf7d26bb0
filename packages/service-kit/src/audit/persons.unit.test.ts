import { describe, expect, it } from 'vitest';
import { personsTouched } from './persons.ts';

const a = '0190a000-0000-7000-8000-00000000000a';
const b = '0190a000-0000-7000-8000-00000000000b';

describe('persons touched by a request', () => {
  it('given a person in the path and in a list of the answer, when audited, then both are named once', () => {
    expect(
      personsTouched(
        { record: 'x', personParam: 'personId' },
        { personId: a },
        { items: [{ personId: a }, { personId: b }] },
      ),
    ).toEqual([a, b]);
  });

  it('given another field name and nesting, when audited, then it is found at depth', () => {
    expect(
      personsTouched(
        { record: 'candidate', personField: 'candidateId' },
        {},
        { matches: [{ candidate: { candidateId: b } }] },
      ),
    ).toEqual([b]);
  });

  it('given no person anywhere or values that are not ids, when audited, then none', () => {
    expect(personsTouched({ record: 'x' }, { personId: 'not-an-id' }, { personId: 42, items: [] })).toEqual(
      [],
    );
  });
});
