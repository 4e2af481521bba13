import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { assertNoCardNumbers, CARD_NUMBER_MESSAGE, countCardNumbersInText, findCardNumbers, isLuhnValid, ZPanSafeText } from './index';

// Scheme test numbers (public test PANs) and Luhn-valid numbers of every length 13–19.
const VALID_PANS: [length: number, pan: string][] = [
  [13, '4222222222222'],
  [14, '30569309025904'],
  [15, '378282246310005'],
  [15, '100000000000009'], // UATP: the one card type that starts with 1
  [16, '4111111111111111'],
  [16, '5555555555554444'],
  [16, '6011111111111117'],
  [17, '62123456789010002'],
  [18, '621234567890120008'],
  [19, '6221260000000000001'],
  [19, '5000000000000000005'],
];

describe('PAN guard: card numbers found', () => {
  it.each(VALID_PANS)('flags a Luhn-valid %i-digit number on its own', (length, pan) => {
    expect(pan).toHaveLength(length);
    expect(isLuhnValid(pan)).toBe(true);
    expect(countCardNumbersInText(pan)).toBe(1);
  });

  it.each([
    ['spaces', '4111 1111 1111 1111'],
    ['dashes', '4111-1111-1111-1111'],
    ['Amex grouping', '3782 822463 10005'],
    ['dots', '5555.5555.5555.4444'],
    ['spaced dashes', '4111 - 1111 - 1111 - 1111'],
    ['en dashes', '4111–1111–1111–1111'],
    ['non-breaking spaces', '4111\u00a01111\u00a01111\u00a01111'],
    ['zero-width spaces', '4111\u200b1111\u200b1111\u200b1111'],
    ['full-width digits', '４１１１１１１１１１１１１１１１'],
    ['inside a sentence', 'customer read out 4111111111111111 on the phone'],
    ['glued to letters', 'card4111111111111111exp'],
    ['after another group', 'ref 2024 4111 1111 1111 1111'],
    ['before another group', '4111 1111 1111 1111 12 27'],
    ['on a new line', 'note:\n6011-1111-1111-1117\nthanks'],
  ])('flags a card number written with %s', (_label, text) => {
    expect(countCardNumbersInText(text)).toBeGreaterThan(0);
  });

  // Each one got past the guard before (review F2): other separators, invisible characters, other scripts' digits.
  it.each([
    ['underscores', '4111_1111_1111_1111'],
    ['colons', '4111:1111:1111:1111'],
    ['slashes', '4111/1111/1111/1111'],
    ['commas', '4111,1111,1111,1111'],
    ['backslashes', '4111\\1111\\1111\\1111'],
    ['pipes', '4111|1111|1111|1111'],
    ['comma and space, Amex layout', '3782, 822463, 10005'],
    ['one group per line', 'card\n4111\n1111\n1111\n1111'],
    ['CRLF lines', 'card\r\n4111\r\n1111\r\n1111\r\n1111'],
    ['four spaces', '4111    1111    1111    1111'],
    ['a long run of spaces and tabs', '4111 \t   \t 1111\t\t\t\t1111          1111'],
    ['U+2212 minus signs', '4111\u22121111\u22121111\u22121111'],
    ['left-to-right marks', '4111\u200e1111\u200e1111\u200e1111'],
    ['invisible separators U+2063', '4111\u20631111\u20631111\u20631111'],
    ['function application U+2061', '4111\u2061111111111111'],
    ['bidi embedding and isolates', '\u202a4111\u202c1111\u20661111\u20691111'],
    ['Mongolian vowel separator U+180E', '4111\u180e1111\u180e1111\u180e1111'],
    ['combining marks on the digits', '4\u0301111111111111111'],
    ['variation selectors', '4111\ufe0f1111\ufe0f1111\ufe0f1111'],
    ['a control character between digits', '4111\u00011111\u00011111\u00011111'],
    ['Arabic-Indic digits', '\u0664\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661'],
    ['Persian digits in groups', '\u06f4\u06f1\u06f1\u06f1 \u06f1\u06f1\u06f1\u06f1 \u06f1\u06f1\u06f1\u06f1 \u06f1\u06f1\u06f1\u06f1'],
    ['Devanagari digits', '\u096a\u0967\u0967\u0967\u0967\u0967\u0967\u0967\u0967\u0967\u0967\u0967\u0967\u0967\u0967\u0967'],
    ['Thai digits mixed with ASCII', '4111 \u0e51\u0e51\u0e51\u0e51 1111 1111'],
    ['mathematical bold digits', '\u{1d7d2}111111111111111'],
    ['an Amex number after a plus sign', '+378282246310005'],
    ['a UATP number after a plus sign', '+100000000000009'],
    ['an Amex number after a plus sign, grouped', '+3782 822463 10005'],
  ])('flags a card number written with %s', (_label, text) => {
    expect(countCardNumbersInText(text)).toBeGreaterThan(0);
  });

  it('finds numbers anywhere in nested JSON: values, keys, arrays and JSON numbers', () => {
    const body = {
      amount: 100,
      merchant: { name: 'Shop', tags: ['ok', 'pan 4111-1111-1111-1111'] },
      customer: { notes: [{ deep: { deeper: 5555555555554444 } }] },
      extra: { '378282246310005': 'as a key' },
      big: 6221260000000000001n,
    };
    const paths = findCardNumbers(body).map((h) => h.path).sort();
    expect(paths).toEqual(['big', 'customer.notes.0.deep.deeper', 'extra.[card number]', 'merchant.tags.1']);
  });

  it('never puts the number itself in the reported path or the error', () => {
    const body = { '4111111111111111': { x: '5555 5555 5555 4444' } };
    const hits = findCardNumbers(body);
    expect(JSON.stringify(hits)).not.toMatch(/4111|5555/);
    try {
      assertNoCardNumbers(body);
      expect.unreachable('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      const err = e as AppError;
      expect(err.code).toBe('VALIDATION');
      expect(err.status).toBe(422);
      expect(err.message).toBe(CARD_NUMBER_MESSAGE);
      expect(JSON.stringify({ m: err.message, d: err.details })).not.toMatch(/4111|5555/);
    }
  });

  it('walks 50,000 levels of nesting without overflowing the stack', () => {
    let deep: unknown = '4111111111111111';
    for (let i = 0; i < 50_000; i += 1) deep = [deep];
    expect(findCardNumbers(deep)).toHaveLength(1);
  });

  it('a top-level string is reported as (value)', () => {
    expect(findCardNumbers('4111111111111111')).toEqual([{ path: '(value)' }]);
  });
});

describe('PAN guard: not card numbers', () => {
  it.each([
    ['Luhn-invalid 16 digits', '4111111111111112'],
    ['Luhn-invalid with spaces', '4111 1111 1111 1113'],
    ['12 digits (too short)', '411111111116'],
    ['20 digits written together', '41111111111111111113'],
    ['20-digit reference even though its first 16 pass Luhn', '41111111111111110000'],
    ['millisecond timestamp (Luhn-valid by chance)', '1732406400009'],
    ['microsecond timestamp (Luhn-valid by chance)', '1732406400000008'],
    ['ISO timestamp', '2026-11-23T22:57:17.123Z'],
    ['international phone number (Luhn-valid by chance)', '+4915112345678'],
    ['phone number with spaces', '+49 1511 2345678'],
    ['US phone number', '+1 (555) 123-4567'],
    ['IBAN', 'DE89 3704 0044 0532 0130 00'],
    ['amount', '1,234,567.89 EUR'],
    ['uuid', '3ca303a4-1111-4111-8111-111111111111'],
    ['a leading zero', '0000000000000000'],
    ['digits split by letters', '4111a1111b1111c1111'],
    // The separators added for review F2 must not join dates, times and lists into card numbers.
    ['date and time with colons', '2026-11-23 22:57:17.123'],
    ['time before a date', 'called at 14:05:12 on 2026-11-23'],
    ['slashed date and time', '2026/11/23 14:05'],
    ['time with a comma fraction', '23/11/2026 22:57:17,123456'],
    ['a 15-digit phone number after a plus sign', '+491511234567890'],
    ['a NANP number after a plus sign', '+1 555 123 4567'],
    ['Arabic-Indic phone number', '+\u0664\u0669 \u0661\u0665\u0661\u0661 \u0662\u0663\u0664\u0665\u0666\u0667\u0668'],
    ['hex digest', 'sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
    ['short numbers on separate lines', 'qty\n12\n3400\n5'],
    // Log lines and lists: slashes, colons and commas join digits only in a card layout.
    ['an HAProxy log line', '127.0.0.1:39604 [24/Nov/2026:23:45:29.149] https_in~ countersign/b 0/0/0/206/232 200 4332 - - ---- 3/3/2/2/0 0/0'],
    ['a comma-separated list of merchant category codes', 'MCC 7995, 5933, 6051, 4829, 5967, 7801'],
    ['ratios and counters', '12/34/5678/901/2345 and 1:22:333:4444:55555'],
    ['a mixed-separator layout', '4111/1111:1111,1111'],
  ])('does not flag %s', (_label, text) => {
    expect(countCardNumbersInText(text)).toBe(0);
  });

  it('never reads a UUID as a card number, yet still finds a card number beside one', () => {
    // Ids the 4-4-4-4 layout used to flag (about 1 in 400 random ids): an approved request whose audit reason
    // named such an id failed to execute ("approved request c332…"), and an ingest body with one as externalId got a 422.
    for (const id of ['c33242de-7df4-4470-8277-36920ba023b4', '4b0e4401-0049-4688-84c6-96b215922bbe', '98628596-5163-4f1b-9026-97961e47e151', '58443553-8885-49AD-BE5E-BCFC47CF0719']) {
      expect(countCardNumbersInText(`approved request ${id}`)).toBe(0);
      expect(findCardNumbers({ externalId: id })).toEqual([]);
      expect(countCardNumbersInText(`request ${id}: card 4111 1111 1111 1111`)).toBe(1);
      expect(countCardNumbersInText(`4111-1111-1111-1111 ${id}`)).toBe(1);
    }
    for (let i = 0; i < 20_000; i++) expect(countCardNumbersInText(randomUUID())).toBe(0);
    // Only the whole 8-4-4-4-12 shape is one word: a card number with more hex-like text around it is still read.
    expect(countCardNumbersInText('ab4111-1111-1111-1111')).toBe(1);
  });

  it('ignores JSON numbers that are not card numbers (amounts, epoch ms, floats)', () => {
    expect(findCardNumbers({ amount: 125_000, at: 1732406400009, rate: 0.4111111111111111, n: NaN })).toEqual([]);
  });

  it('still refuses a card number written after a phone number', () => {
    expect(countCardNumbersInText('+49 4111 1111 1111 1111')).toBe(1);
  });

  it('assertNoCardNumbers passes clean input', () => {
    expect(() => assertNoCardNumbers({ name: 'Jane', last4: '1111', bin: '411111' })).not.toThrow();
  });
});

describe('ZPanSafeText for staff free text', () => {
  const ZNote = ZPanSafeText(100, { label: 'note' });

  it('accepts ordinary text and trims it', () => {
    expect(ZNote.parse('  Called the customer; card ending 1111.  ')).toBe('Called the customer; card ending 1111.');
  });

  it('refuses a card number with the tokenization message', () => {
    const r = ZNote.safeParse('customer gave 4111 1111 1111 1111');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain(CARD_NUMBER_MESSAGE);
  });

  it('refuses a NUL byte and other control characters with a message that echoes nothing', () => {
    for (const text of ['note\u0000x', 'bell\u0007', 'escape\u001b[31m', 'lone \ud800 surrogate']) {
      const r = ZNote.safeParse(text);
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.message).toBe('Control characters and invalid Unicode are not allowed in the note');
    }
  });

  it('keeps tabs and line breaks (a textarea submits CRLF)', () => {
    expect(ZNote.parse('line one\r\n\tline two\nline three')).toBe('line one\r\n\tline two\nline three');
  });

  it('refuses a card number hidden by separators or other scripts', () => {
    expect(ZNote.safeParse('card 4111/1111/1111/1111').success).toBe(false);
    expect(ZNote.safeParse('\u06f4\u06f1\u06f1\u06f1 \u06f1\u06f1\u06f1\u06f1 \u06f1\u06f1\u06f1\u06f1 \u06f1\u06f1\u06f1\u06f1').success).toBe(false);
  });

  it('refuses empty and over-long text', () => {
    expect(ZNote.safeParse('   ').success).toBe(false);
    expect(ZNote.safeParse('x'.repeat(101)).success).toBe(false);
    expect(ZNote.safeParse('x'.repeat(100)).success).toBe(true);
  });
});
