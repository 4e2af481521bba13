/**
 * Finds card-number-shaped digit sequences in free text: 13–19 digits, Luhn-valid, written
 * together or in groups split by short runs of separators (or, for separators common in logs
 * and lists, in a card layout), possibly inside longer text. Pure
 * (runs in the browser too); it reports where a number is, never the number itself.
 */
import { isLuhnValid } from './luhn';
import { toAsciiDigits } from './unicode-digits';

const MIN_PAN_DIGITS = 13;
const MAX_PAN_DIGITS = 19;

// Characters that do not show (format/bidi controls, default-ignorables, combining marks,
// control characters other than whitespace): someone could slip them between digits to dodge
// the guard, so they are removed before scanning.
const HIDDEN = /[\p{Cf}\p{Default_Ignorable_Code_Point}\p{Mn}\p{Me}]|(?![\t\n\v\f\r])\p{Cc}/gu;
// Any run of whitespace (newlines, tabs, NBSP, ideographic space, four spaces) counts as one space.
const WHITESPACE = /\s+/g;
// A time of day ("14:05", "22:57:17.123"): masked so ':' can be a separator without joining a
// date and a time into a 13+ digit number. Only valid clock values (hour 0–23) are masked.
const TIME_OF_DAY = /(?<!\d)(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:[.,]\d{1,9})?)?(?!\d)/g;
// Digit groups joined by up to three separator characters (after whitespace is collapsed):
// space, dot, underscore, asterisk, dashes and minus, the ways a card number is written out.
const DIGIT_RUN = /\d+(?:[ ._*\-\u2010-\u2015\u2212]{1,3}\d+)*/g;
// Separators that also fill logs, ratios and lists ("0/0/1/5/6", "7995, 5933", "14:05"): a card
// number written with one of them counts only in a card layout (4-4-4-4[-1..3] or 4-6-4/5) with
// the same separator throughout, so "4111/1111/1111/1111" is caught and a log line is not.
const CARD_LAYOUT_OTHER_SEPARATOR =
  /(?<!\d)(?:\d{4}( ?[,:/\\|] ?)\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?|\d{4}( ?[,:/\\|] ?)\d{6}\2\d{4,5})(?!\d)/g;
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

/**
 * A UUID (8-4-4-4-12 hex) standing alone. Its digit runs between hex letters can read as a
 * 4-4-4-4 card number ("…0e4401-0049-4688-84c6…": about 1 random id in 400, enough to refuse an
 * approved request whose audit reason names it), and it never holds a run of 13 digits, so it
 * is read as one word.
 */
const UUID = /(?<![0-9a-z])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-z])/gi;

/** The text as the scanner reads it: every decimal digit ASCII, hidden characters gone, UUIDs one word, whitespace runs one space. */
function normaliseForScan(text: string, ascii: boolean): string {
  // NFKC folds full-width and mathematical digits; toAsciiDigits maps the other \p{Nd} scripts
  // (Arabic-Indic, Persian, Devanagari …) that NFKC leaves alone.
  const folded = ascii ? text : toAsciiDigits(text.normalize('NFKC'));
  return folded.replace(HIDDEN, '').replace(UUID, 'uuid').replace(TIME_OF_DAY, 't').replace(WHITESPACE, ' ');
}

/** How many card numbers the text holds (0 = clean). */
export function countCardNumbersInText(text: string): number {
  // Fast path for the common case (ingest scans every key and value): plain ASCII with fewer
  // than 13 digits cannot hold a card number. Anything non-ASCII (other scripts' digits,
  // invisible characters) takes the normalising path.
  const { ascii, digits } = asciiDigits(text);
  if (ascii && digits < MIN_PAN_DIGITS) return 0;
  const normalised = normaliseForScan(text, ascii);
  let count = 0;
  for (const run of normalised.matchAll(DIGIT_RUN)) {
    if (isPhoneNumber(normalised, run.index, run[0])) continue;
    if (runHoldsPan(run[0])) count += 1;
  }
  for (const laid of normalised.matchAll(CARD_LAYOUT_OTHER_SEPARATOR)) {
    if (isPlausiblePan(laid[0].replace(/\D/g, ''))) count += 1;
  }
  return count;
}

/**
 * "+49 1511 2345678": E.164 numbers are at most 15 digits after the "+". Without this, one
 * international phone number in ten (Luhn by chance) would be refused as a card number.
 * A 15-digit number starting 1, 34 or 37 is never a phone number (country codes 1, 34 and
 * 37x have at most 13 digits) but is exactly a UATP or Amex card number, so it stays flagged.
 */
function isPhoneNumber(text: string, index: number, run: string): boolean {
  if (text[index - 1] !== '+') return false;
  const digits = run.replace(/\D/g, '');
  if (digits.length > 15) return false;
  return !(digits.length === 15 && /^(?:1|3[47])/.test(digits));
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
