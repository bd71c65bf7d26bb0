/**
 * Belgian identifiers a CPAS types in by hand: the person's national number (NISS/INSZ) and the
 * host employer's enterprise number (BCE/KBO). Both carry a mod-97 check that catches typos.
 */
import { isRealDate } from './days.ts';

/** A valid NISS, normalised, with what it tells about the person. */
export interface ValidNiss {
  readonly ok: true;
  /** The 11 digits, without separators (the form stored and exchanged). */
  readonly niss: string;
  /** 'register': national register number; 'bis': a BIS number of the Crossroads Bank (month +20/+40). */
  readonly kind: 'register' | 'bis';
  /** 'YYYY-MM-DD', or null when the number does not encode a real, complete date (day or month 00…). */
  readonly birthDate: string | null;
  /** From the sequence's parity; null for a BIS number issued while the sex was unknown (month +20). */
  readonly sex: 'male' | 'female' | null;
}

/** Why an input is not a NISS: not its shape, or a typo the check digits caught. */
export interface InvalidIdentifier {
  readonly ok: false;
  readonly reason: 'format' | 'checksum';
}

const SEPARATORS = /[\s.\-/]/g;
const ELEVEN_DIGITS = /^\d{11}$/;
const BORN_FROM_2000 = 2_000_000_000;

/** 97 minus the remainder: the check digits of the mod-97 rule (01…97). */
const mod97Check = (n: number): number => 97 - (n % 97);

/**
 * Validates a national number (rijksregisternummer / numéro de registre national) or a BIS
 * number: YYMMDD SSS CC, with or without the usual separators (`85.07.30-033.28`).
 *
 * The check is 97 − (the first 9 digits mod 97); for births from 2000 it is computed on
 * '2' followed by the 9 digits, so the rule that matches tells the century (IBZ instruction
 * IT000; KB of 8 February 1991 for BIS numbers). Month 00 or day 00 means a date the register
 * does not know; the register also moves the date when a day's sequences run out, so a number
 * whose date is not a real day is accepted with `birthDate: null` rather than refused.
 * Sequences 000 and 999 are never issued.
 *
 * Caveat (a property of the rule, not of this code): adding or removing 6 to the year's last
 * digit flips which century rule matches, so such a typo gives another valid number, born in
 * the other century. Showing the derived birth date to the officer lets them catch it.
 */
export const validateNiss = (input: string): ValidNiss | InvalidIdentifier => {
  const niss = input.replace(SEPARATORS, '');
  if (!ELEVEN_DIGITS.test(niss)) return { ok: false, reason: 'format' };
  const encodedMonth = Number(niss.slice(2, 4));
  const sequence = Number(niss.slice(6, 9));
  const monthOffset = encodedMonth >= 40 ? 40 : encodedMonth >= 20 ? 20 : 0;
  const month = encodedMonth - monthOffset;
  if (month > 12 || sequence === 0 || sequence === 999) return { ok: false, reason: 'format' };

  const base = Number(niss.slice(0, 9));
  const check = Number(niss.slice(9));
  const century = mod97Check(base) === check ? 1900 : mod97Check(BORN_FROM_2000 + base) === check ? 2000 : 0;
  if (century === 0) return { ok: false, reason: 'checksum' };

  const year = century + Number(niss.slice(0, 2));
  const day = Number(niss.slice(4, 6));
  const birthDate = isRealDate(year, month, day)
    ? `${String(year)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
    : null;
  const sex = monthOffset === 20 ? null : sequence % 2 === 1 ? 'male' : 'female';
  return { ok: true, niss, kind: monthOffset === 0 ? 'register' : 'bis', birthDate, sex };
};

/** A valid enterprise number, normalised. */
export interface ValidEnterpriseNumber {
  readonly ok: true;
  /** The 10 digits (the form stored). */
  readonly enterpriseNumber: string;
  /** The official printed form, '0123.456.749'. */
  readonly formatted: string;
}

const COUNTRY_PREFIX = /^BE/i;

/**
 * Validates a BCE/KBO enterprise number: `0123.456.749`, `BE0123456749`, `BE 0123 456 749`, or
 * a 9-digit number from before the 10-digit format (a leading 0 is added). The first digit is
 * 0 or 1 (digits 2–8 start establishment-unit numbers, which are not enterprises), and the last
 * two digits are 97 − (the first 8 digits mod 97).
 */
export const validateEnterpriseNumber = (input: string): ValidEnterpriseNumber | InvalidIdentifier => {
  const digits = input.trim().replace(COUNTRY_PREFIX, '').replace(SEPARATORS, '');
  if (!/^\d{9,10}$/.test(digits)) return { ok: false, reason: 'format' };
  const enterpriseNumber = digits.length === 9 ? `0${digits}` : digits;
  if (enterpriseNumber[0] !== '0' && enterpriseNumber[0] !== '1') return { ok: false, reason: 'format' };
  if (mod97Check(Number(enterpriseNumber.slice(0, 8))) !== Number(enterpriseNumber.slice(8))) {
    return { ok: false, reason: 'checksum' };
  }
  const formatted = `${enterpriseNumber.slice(0, 4)}.${enterpriseNumber.slice(4, 7)}.${enterpriseNumber.slice(7)}`;
  return { ok: true, enterpriseNumber, formatted };
};
