/**
 * Fuzz-style: a few thousand random and mutated bodies through the real route handler.
 * Whatever arrives, the answer is never a 5xx, and only the requests answered 201 stored a row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '@/db/seed-transactions-profiles';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { ZIngestTransaction } from './schemas';
import { ingestCounts, makeToken, postIngest, validBody } from './ingest-test-helpers';

const CASES = Number(process.env.INGEST_FUZZ_CASES ?? 2_500);
const r = seededRandom(5150);
const pickOne = <T,>(items: readonly T[]): T => items[Math.floor(r() * items.length)] as T;

const WEIRD_VALUES: unknown[] = [
  null, true, 0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, '', ' ', 'x'.repeat(5_000), '4111 1111 1111 1111', '5500-0000-0000-0004',
  '\u0000', '\ud800', '💳💳', '<script>alert(1)</script>', "' OR 1=1 --", '../../etc/passwd', [], {}, [1, [2, [3]]], { $ne: null }, { __proto__: { admin: true } },
  '2026-13-45T99:99:99Z', 'EUR ', 'eur', '999.999.999.999', 'NaN', '-0', 1.2345678901234567e19, '١٢٣', 'ＥＵＲ',
];

function leafPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => leafPaths(v, [...prefix, k]))];
}

function setAt(root: Record<string, unknown>, path: (string | number)[], value: unknown, remove = false): void {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== 'object') return; // an earlier mutation replaced this branch
    node = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1];
  if (last === undefined) return;
  if (remove) delete node[last];
  else node[last] = value;
}

function mutatedBody(i: number): string {
  const body = validBody({ externalId: `fuzz-${i}-${Math.floor(r() * 1e9)}` });
  const kind = Math.floor(r() * 8);
  const paths = leafPaths(body).filter((p) => p.length > 0);
  for (let n = 0; n < 1 + Math.floor(r() * 3); n++) {
    const path = pickOne(paths);
    if (kind === 0) setAt(body, path, undefined, true);
    else if (kind <= 3) setAt(body, path, pickOne(WEIRD_VALUES));
    else if (kind === 4) setAt(body, [...path.slice(0, -1), `extra_${n}`], pickOne(WEIRD_VALUES));
  }
  let raw = JSON.stringify(body);
  if (kind === 5) raw = raw.slice(0, Math.floor(r() * raw.length));
  if (kind === 6) {
    const at = Math.floor(r() * raw.length);
    raw = raw.slice(0, at) + String.fromCharCode(Math.floor(r() * 128)) + raw.slice(at + 1);
  }
  if (kind === 7) raw = pickOne([Array.from({ length: 200 }, () => String.fromCharCode(Math.floor(r() * 256))).join(''), '['.repeat(5_000), '"' + 'a'.repeat(100) + '"', '1', 'null', '{"a":' .repeat(2000)]);
  return raw;
}

let t: TTestDb;
let token: Awaited<ReturnType<typeof makeToken>>;
beforeAll(async () => {
  t = await createTestDb();
  token = await makeToken(t.db);
});
afterAll(async () => t.dispose());

describe('ingest fuzzing', () => {
  it(`${CASES} random and mutated bodies: never a 5xx, and rows only for the 201s`, async () => {
    const before = await ingestCounts(t.db);
    const statuses = new Map<number, number>();
    let accepted = 0;
    for (let i = 0; i < CASES; i++) {
      const raw = mutatedBody(i);
      const res = await postIngest(raw, { token: token.token });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status, `case ${i}`).toBeLessThan(500);
      expect(res.json.error === undefined || typeof (res.json.error as { message?: unknown }).message === 'string').toBe(true);
      if (res.status === 201) {
        accepted += 1;
        // Anything accepted really was a valid, card-number-free transaction.
        expect(ZIngestTransaction.safeParse(JSON.parse(raw)).success, `case ${i}`).toBe(true);
        expect(raw).not.toMatch(/4111 1111 1111 1111|5500-0000-0000-0004/);
      }
    }
    const after = await ingestCounts(t.db);
    expect(after.transactions - before.transactions).toBe(accepted);
    expect(after.ingestEvents - before.ingestEvents).toBe(accepted);
    expect(after.idempotencyKeys - before.idempotencyKeys).toBe(accepted);
    expect(statuses.get(422) ?? 0).toBeGreaterThan(CASES / 4);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(CASES / 20);
    console.log('fuzz statuses', Object.fromEntries(statuses), 'accepted', accepted);
  }, 600_000);
});
