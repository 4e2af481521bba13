/**
 * The zod type for every free-text field staff can type (notes, reasons, comments): trimmed,
 * length-limited, and refused when it holds a card number. Shared by forms and the server.
 */
import { z } from '@/lib/zod-setup';
import { CARD_NUMBER_MESSAGE } from './assert-no-card-numbers';
import { countCardNumbersInText } from './scan-text';

export function ZPanSafeText(max: number, opts: { min?: number; label?: string } = {}) {
  const min = opts.min ?? 1;
  const label = opts.label ?? 'text';
  return z
    .string()
    .trim()
    .min(min, min === 1 ? `Enter the ${label}` : `Enter at least ${min} characters`)
    .max(max, `Keep the ${label} to ${max} characters or fewer`)
    .refine((s) => countCardNumbersInText(s) === 0, `${CARD_NUMBER_MESSAGE}: remove the card number`);
}
