/**
 * Turns the raw ingest body into a validated transaction, refusing in this order: malformed
 * JSON (400 with line/column, nothing echoed), any card number anywhere (422, before the
 * body reaches validation, storage or logs), then schema errors (422 listing the paths).
 */
import { AppError, validationError } from '@/lib/errors';
import { assertNoCardNumbers, CARD_NUMBER_MESSAGE, isPlausiblePan } from '@/lib/pan';
import { locateJsonError } from './ingest-json-error';
import { ZIngestTransaction, type TIngestTransaction } from './schemas';

// JSON number literals of 13+ digits: JSON.parse rounds those above 2^53, so the guard looks at the raw digits too.
const LONG_NUMBER_LITERAL = /[:[,]\s*-?(\d{13,})(?![\d.eE])/g;

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    const at = locateJsonError(raw);
    const where = at ? ` at line ${at.line}, column ${at.column}: expected ${at.expected}` : '';
    throw new AppError('BAD_REQUEST', `Malformed JSON${where}.`);
  }
}

function assertNoLongCardNumberLiterals(raw: string): void {
  for (const m of raw.matchAll(LONG_NUMBER_LITERAL)) {
    if (isPlausiblePan(m[1] as string)) {
      throw new AppError('VALIDATION', CARD_NUMBER_MESSAGE, { issues: [{ path: '(number literal)', message: `${CARD_NUMBER_MESSAGE}: remove the card number` }] });
    }
  }
}

export function parseIngestBody(raw: string): TIngestTransaction {
  const value = parseJson(raw);
  assertNoLongCardNumberLiterals(raw);
  assertNoCardNumbers(value);
  const parsed = ZIngestTransaction.safeParse(value);
  if (!parsed.success) throw validationError(parsed.error.issues);
  return parsed.data;
}
