/**
 * Belgian identifiers made from numbers the seeded generator draws, so that the same seed gives
 * the same people and hosts. Both follow the mod-97 rules that placement checks
 * (services/placement/src/domain/identifiers.ts): the demo data must pass them like any referral.
 */

const mod97Check = (n: number): string => String(97 - (n % 97)).padStart(2, '0');

/**
 * A national register number (NISS/INSZ) for a birth day and a sequence (1…998; odd for men,
 * even for women): YYMMDD SSS CC, the check computed on '2' + the 9 digits for births from 2000.
 */
export const nissFor = (birthDate: string, sequence: number): string => {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 998)
    throw new RangeError(`a NISS sequence is 1…998, not ${String(sequence)}`);
  const [year = '', month = '', day = ''] = birthDate.split('-');
  const base = `${year.slice(2)}${month}${day}${String(sequence).padStart(3, '0')}`;
  const checked = Number(year) >= 2000 ? 2_000_000_000 + Number(base) : Number(base);
  return `${base}${mod97Check(checked)}`;
};

/** An enterprise number (BCE/KBO): '0', seven digits of `body` (1…9,999,999), the two check digits. */
export const enterpriseNumberFor = (body: number): string => {
  if (!Number.isInteger(body) || body < 1 || body > 9_999_999)
    throw new RangeError(`an enterprise number body is 1…9,999,999, not ${String(body)}`);
  const base = `0${String(body).padStart(7, '0')}`;
  return `${base}${mod97Check(Number(base))}`;
};
