import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateEnterpriseNumber, validateNiss } from './identifiers.ts';

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const check = (n: number) => pad(97 - (n % 97), 2);

/** Builds a NISS the way the register does, for a birth date and a sequence number. */
const makeNiss = (date: Date, sequence: number, monthOffset = 0): string => {
  const year = date.getUTCFullYear();
  const base = `${pad(year % 100, 2)}${pad(date.getUTCMonth() + 1 + monthOffset, 2)}${pad(date.getUTCDate(), 2)}${pad(sequence, 3)}`;
  return base + check((year >= 2000 ? 2_000_000_000 : 0) + Number(base));
};

const birthDates = fc.date({
  min: new Date('1900-01-01T00:00:00Z'),
  max: new Date('2099-12-31T00:00:00Z'),
  noInvalidDate: true,
});
const sequences = fc.integer({ min: 1, max: 998 });
const isoOf = (date: Date) => date.toISOString().slice(0, 10);
const withSeparators = (n: string) =>
  `${n.slice(0, 2)}.${n.slice(2, 4)}.${n.slice(4, 6)}-${n.slice(6, 9)}.${n.slice(9)}`;

describe('validateNiss', () => {
  it('given a number written with the usual separators, when validated, then it is normalised to 11 digits with its birth date and sex', () => {
    expect(validateNiss('85.07.30-033.28')).toEqual({
      ok: true,
      niss: '85073003328',
      kind: 'register',
      birthDate: '1985-07-30',
      sex: 'male',
    });
    expect(validateNiss('85073003328')).toMatchObject({ ok: true, niss: '85073003328' });
    expect(validateNiss(' 850730 033 28 ')).toMatchObject({ ok: true, niss: '85073003328' });
  });

  it('given a person born in 2006, when validated, then the check computed on 2 + the 9 digits places the birth in the 2000s', () => {
    expect(validateNiss('06070500252')).toEqual({
      ok: true,
      niss: '06070500252',
      kind: 'register',
      birthDate: '2006-07-05',
      sex: 'female',
    });
  });

  it('given an unknown birth month and day (00), when validated, then it is valid without a birth date', () => {
    expect(validateNiss('85000000138')).toEqual({
      ok: true,
      niss: '85000000138',
      kind: 'register',
      birthDate: null,
      sex: 'male',
    });
  });

  it('given BIS numbers, when validated, then the month is shifted back and the sex is known only for month + 40', () => {
    expect(validateNiss('85493003331')).toMatchObject({
      ok: true,
      kind: 'bis',
      birthDate: '1985-09-30',
      sex: 'male',
    });
    expect(validateNiss('85293003484')).toMatchObject({
      ok: true,
      kind: 'bis',
      birthDate: '1985-09-30',
      sex: null,
    });
  });

  it.each([
    ['', 'format'],
    ['8507300332', 'format'],
    ['850730033288', 'format'],
    ['85O73003328', 'format'],
    ['85130100144', 'format'], // month 13
    ['85073000088', 'format'], // sequence 000 is never issued
    ['85073003329', 'checksum'],
    ['85073003428', 'checksum'],
  ])('given %j, when validated, then it is refused for its %s', (input, reason) => {
    expect(validateNiss(input)).toEqual({ ok: false, reason });
  });

  it('given valid numbers for any birth date in 1900–2099 and any sequence, when validated, then they give back the date, century and sex', () => {
    fc.assert(
      fc.property(birthDates, sequences, fc.boolean(), (date, sequence, separated) => {
        const niss = makeNiss(date, sequence);
        expect(validateNiss(separated ? withSeparators(niss) : niss)).toEqual({
          ok: true,
          niss,
          kind: 'register',
          birthDate: isoOf(date),
          sex: sequence % 2 === 1 ? 'male' : 'female',
        });
      }),
    );
  });

  it('given BIS numbers for any date, when validated, then the birth date is derived from the shifted month', () => {
    fc.assert(
      fc.property(birthDates, sequences, fc.constantFrom(20, 40), (date, sequence, offset) => {
        expect(validateNiss(makeNiss(date, sequence, offset))).toMatchObject({
          ok: true,
          kind: 'bis',
          birthDate: isoOf(date),
          sex: offset === 20 ? null : sequence % 2 === 1 ? 'male' : 'female',
        });
      }),
    );
  });

  it('given a valid number, when any single digit is changed, then it is refused — unless the year digit moved by 6, which flips the century', () => {
    fc.assert(
      fc.property(
        birthDates,
        sequences,
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 1, max: 9 }),
        (date, sequence, position, shift) => {
          const niss = makeNiss(date, sequence);
          const old = Number(niss[position]);
          const replaced = (old + shift) % 10;
          const typo = niss.slice(0, position) + String(replaced) + niss.slice(position + 1);
          const result = validateNiss(typo);
          if (result.ok) {
            // The only single-digit typo the two century rules cannot tell apart (2e9 ≡ 68 ≡ 6·10⁷ mod 97).
            expect(position).toBe(1);
            expect(Math.abs(replaced - old)).toBe(6);
            expect(result.birthDate?.slice(0, 2)).not.toBe(isoOf(date).slice(0, 2));
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('given 85.07.30-033.28, when the year 85 is mistyped as 79, then it still validates but as a birth in 2079', () => {
    expect(validateNiss('79073003328')).toMatchObject({ ok: true, birthDate: '2079-07-30' });
  });
});

const makeEnterprise = (first: 0 | 1, rest: number) => {
  const base = `${String(first)}${pad(rest, 7)}`;
  return base + check(Number(base));
};

describe('validateEnterpriseNumber', () => {
  it.each(['0123.456.749', 'BE0123456749', 'be 0123 456 749', '0123456749', '123456749', '123.456.749'])(
    'given %j, when validated, then it is 0123456749 printed as 0123.456.749',
    (input) => {
      expect(validateEnterpriseNumber(input)).toEqual({
        ok: true,
        enterpriseNumber: '0123456749',
        formatted: '0123.456.749',
      });
    },
  );

  it.each([
    ['', 'format'],
    ['12345674', 'format'],
    ['01234567490', 'format'],
    ['2123456749', 'format'], // establishment units start with 2–8
    ['FR0123456749', 'format'],
    ['0123.456.748', 'checksum'],
    ['1000000000', 'checksum'],
  ])('given %j, when validated, then it is refused for its %s', (input, reason) => {
    expect(validateEnterpriseNumber(input)).toEqual({ ok: false, reason });
  });

  it('given any valid number in any accepted writing, when validated, then the 10 digits and the printed form come back', () => {
    fc.assert(
      fc.property(fc.constantFrom<0 | 1>(0, 1), fc.integer({ min: 0, max: 9_999_999 }), (first, rest) => {
        const digits = makeEnterprise(first, rest);
        const formatted = `${digits.slice(0, 4)}.${digits.slice(4, 7)}.${digits.slice(7)}`;
        const writings = [digits, formatted, `BE${digits}`, `BE ${formatted}`];
        if (first === 0) writings.push(digits.slice(1));
        for (const writing of writings) {
          expect(validateEnterpriseNumber(writing)).toEqual({
            ok: true,
            enterpriseNumber: digits,
            formatted,
          });
        }
      }),
    );
  });

  it('given a valid number, when any single digit is changed, then it is refused', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<0 | 1>(0, 1),
        fc.integer({ min: 0, max: 9_999_999 }),
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        (first, rest, position, shift) => {
          const digits = makeEnterprise(first, rest);
          const replaced = String((Number(digits[position]) + shift) % 10);
          const typo = digits.slice(0, position) + replaced + digits.slice(position + 1);
          expect(validateEnterpriseNumber(typo).ok).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
