/**
 * Walks any JSON-like value (objects, arrays, keys, strings, numbers, bigints) and reports
 * where card numbers appear. Iterative, so a deeply nested body cannot overflow the stack.
 * Paths never contain the number: a key that is itself a card number is shown redacted.
 * Known limitation: each string is scanned on its own, so a number split across two fields
 * ("Shop 4111 1111" + "UA 1111 1111") is not found.
 */
import { countCardNumbersInText } from './scan-text';

export type TCardNumberHit = { path: string };

const REDACTED_KEY = '[card number]';

export function findCardNumbers(value: unknown): TCardNumberHit[] {
  const hits: TCardNumberHit[] = [];
  const seen = new Set<object>();
  const stack: { value: unknown; path: string }[] = [{ value, path: '' }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    const v = item.value;
    if (typeof v === 'string') {
      if (countCardNumbersInText(v) > 0) hits.push({ path: item.path || '(value)' });
    } else if (typeof v === 'number' || typeof v === 'bigint') {
      // A fraction is not a card number. Integers above 2^53 were already rounded by
      // JSON.parse: callers parsing JSON also scan the raw text (`countCardNumbersInText`).
      if (countCardNumbersInText(typeof v === 'number' ? numberDigits(v) : v.toString()) > 0) {
        hits.push({ path: item.path || '(value)' });
      }
    } else if (v !== null && typeof v === 'object') {
      if (seen.has(v)) continue;
      seen.add(v);
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i -= 1) stack.push({ value: v[i], path: join(item.path, String(i)) });
      } else {
        const entries = Object.entries(v);
        for (let i = entries.length - 1; i >= 0; i -= 1) {
          const [key, child] = entries[i]!;
          const keyHasPan = countCardNumbersInText(key) > 0;
          const childPath = join(item.path, keyHasPan ? REDACTED_KEY : key);
          if (keyHasPan) hits.push({ path: childPath });
          stack.push({ value: child, path: childPath });
        }
      }
    }
  }
  return hits;
}

function numberDigits(n: number): string {
  return Number.isInteger(n) ? BigInt(n).toString() : '';
}

function join(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}
