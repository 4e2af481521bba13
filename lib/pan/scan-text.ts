/**
 * Finds card-number-shaped digit sequences in free text: 13–19 digits, Luhn-valid, written
 * together or in groups split by spaces, dashes or dots, possibly inside longer text. Pure
 * (runs in the browser too); it reports where a number is, never the number itself.
 */
import { isLuhnValid } from './luhn';

const MIN_PAN_DIGITS = 13;
const MAX_PAN_DIGITS = 19;

// Invisible characters someone could slip between digits to dodge the guard.
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;
// Digit groups joined by up to three separator characters (space, tab, NBSP, dot, dashes).
const DIGIT_RUN = /\d+(?:[ \t\u00a0.\-\u2010-\u2015]{1,3}\d+)*/g;
const GROUP = /\d+/g;
/** One pass: ASCII digits counted, and whether anything outside ASCII appears. */
function asciiDigits(text: string): { ascii: boolean; digits: number } {
  let digits = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c > 127) return { ascii: false, digits };
    if (c >= 48 && c <= 57) digits += 1;
  }
  return { ascii: true, digits };
}

/**
 * A Luhn-valid 13–19 digit number that could be a PAN. Leading 0 is not used by card
 * schemes; leading 1 is UATP, always 15 digits — so 13/16/19-digit epoch timestamps in
 * milliseconds, microseconds and nanoseconds (all starting with 1 until 2286) are not flagged.
 */
export function isPlausiblePan(digits: string): boolean {
  if (digits.length < MIN_PAN_DIGITS || digits.length > MAX_PAN_DIGITS) return false;
  if (digits[0] === '0') return false;
  if (digits[0] === '1' && digits.length !== 15) return false;
  return isLuhnValid(digits);
}

/** How many card numbers the text holds (0 = clean). */
export function countCardNumbersInText(text: string): number {
  // Fast path for the common case (ingest scans every key and value): plain ASCII with fewer
  // than 13 digits cannot hold a card number. Anything non-ASCII (full-width digits, invisible
  // characters) takes the normalising path.
  const { ascii, digits } = asciiDigits(text);
  if (ascii && digits < MIN_PAN_DIGITS) return 0;
  const normalised = ascii ? text : text.normalize('NFKC').replace(INVISIBLE, '');
  let count = 0;
  for (const run of normalised.matchAll(DIGIT_RUN)) {
    if (isPhoneNumber(normalised, run.index, run[0])) continue;
    if (runHoldsPan(run[0])) count += 1;
  }
  return count;
}

/**
 * "+49 1511 2345678": E.164 numbers are at most 15 digits after the "+". Without this, one
 * international phone number in ten (Luhn by chance) would be refused as a card number.
 */
function isPhoneNumber(text: string, index: number, run: string): boolean {
  return text[index - 1] === '+' && run.replace(/\D/g, '').length <= 15;
}

/**
 * A run is flagged when the whole run, or any consecutive groups of it (for "ref 2024 4111
 * 1111 1111 1111"), form a plausible PAN. Digits written together are one group and never
 * split: a 20-digit reference is not a card number.
 */
function runHoldsPan(run: string): boolean {
  const groups = run.match(GROUP) ?? [];
  for (let start = 0; start < groups.length; start += 1) {
    let digits = '';
    for (let end = start; end < groups.length; end += 1) {
      digits += groups[end];
      if (digits.length > MAX_PAN_DIGITS) break;
      if (isPlausiblePan(digits)) return true;
    }
  }
  return false;
}
