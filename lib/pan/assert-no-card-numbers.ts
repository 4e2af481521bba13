/**
 * "No card numbers, ever" (PCI DSS 3.2/3.4: the console stores tokens, never PANs): throws a
 * VALIDATION AppError naming only the places, never echoing the number.
 */
import { AppError } from '@/lib/errors';
import { findCardNumbers } from './find-card-numbers';

export const CARD_NUMBER_MESSAGE = 'Card numbers must be tokenized';

export function assertNoCardNumbers(value: unknown): void {
  const hits = findCardNumbers(value);
  if (hits.length === 0) return;
  throw new AppError('VALIDATION', CARD_NUMBER_MESSAGE, {
    issues: hits.map((h) => ({ path: h.path, message: `${CARD_NUMBER_MESSAGE}: remove the card number` })),
  });
}
