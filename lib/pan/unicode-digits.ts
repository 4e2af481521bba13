/**
 * Maps every Unicode decimal digit (\p{Nd}: Arabic-Indic, Persian, Devanagari, Thai …) to its
 * ASCII digit, so the card-number scan sees "٤١١١" as "4111". Pure; runs in the browser too.
 */

// Unicode encodes every \p{Nd} set as ten contiguous code points 0..9 (Unicode §4.6), and
// adjacent sets (the mathematical digits) start on a multiple of ten from the run's start;
// so a digit's value is its distance from the start of its contiguous run, modulo 10.
const ND = /\p{Nd}/u;
const NON_ASCII_DIGIT = /(?![0-9])\p{Nd}/gu;
const valueCache = new Map<number, string>();

function digitValue(cp: number): string {
  const cached = valueCache.get(cp);
  if (cached !== undefined) return cached;
  let start = cp;
  while (start > 0 && ND.test(String.fromCodePoint(start - 1))) start -= 1;
  const value = String((cp - start) % 10);
  valueCache.set(cp, value);
  return value;
}

export function toAsciiDigits(text: string): string {
  return text.replace(NON_ASCII_DIGIT, (ch) => digitValue(ch.codePointAt(0)!));
}
