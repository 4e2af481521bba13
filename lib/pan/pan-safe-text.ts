/**
 * The zod type for every free-text field staff can type (notes, reasons, comments): trimmed,
 * length-limited, refused when it holds control characters or a card number. Shared by forms
 * and the server.
 */
import { z } from '@/lib/zod-setup';
import { CARD_NUMBER_MESSAGE } from './assert-no-card-numbers';
import { countCardNumbersInText } from './scan-text';

// Control characters other than tab and line breaks (a textarea submits CRLF) and lone
// surrogates: PostgreSQL text cannot hold NUL, so without this a NUL fails the INSERT with a
// 500 whose error (and log line) carries the text; this makes it a 422 that echoes nothing.
const UNSAFE_CHARACTERS = /(?![\t\n\r])\p{Cc}|\p{Cs}/u;
export const CONTROL_CHARACTER_MESSAGE = 'Control characters and invalid Unicode are not allowed';

export function ZPanSafeText(max: number, opts: { min?: number; label?: string } = {}) {
  const min = opts.min ?? 1;
  const label = opts.label ?? 'text';
  return z
    .string()
    .trim()
    .min(min, min === 1 ? `Enter the ${label}` : `Enter at least ${min} characters`)
    .max(max, `Keep the ${label} to ${max} characters or fewer`)
    .refine((s) => !UNSAFE_CHARACTERS.test(s), `${CONTROL_CHARACTER_MESSAGE} in the ${label}`)
    .refine((s) => countCardNumbersInText(s) === 0, `${CARD_NUMBER_MESSAGE}: remove the card number`);
}
