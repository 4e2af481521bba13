/**
 * Token lookups of one event-loop turn share one query: each caller still gets the answer for
 * its own token (valid, revoked, expired, unknown, out of scope, the same token twice), and a
 * failed query fails every lookup of its turn without poisoning the next turn.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TDb } from '@/db/types';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { makeToken, setTokenState } from '@/lib/transactions/ingest-test-helpers';
import { authenticateServiceToken } from './authenticate-service-token';

let t: TTestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.dispose());

const outcome = (p: Promise<{ id: string }>) => p.then((ctx) => ctx.id, (e: { code?: string }) => e.code ?? 'THREW');

describe(`authenticateServiceToken, lookups of one turn together (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('answers every lookup of one turn from its own token\'s row', async () => {
    const [ok, other, revoked, expired, readOnly] = await Promise.all(Array.from({ length: 5 }, () => makeToken(t.db)));
    await setTokenState(t.db, revoked!.id, { revokedAt: new Date() });
    await setTokenState(t.db, expired!.id, { expiresAt: new Date(Date.now() - 1000) });
    await setTokenState(t.db, readOnly!.id, { scopes: ['transactions:read'] });
    const tokens = [ok!.token, revoked!.token, other!.token, 'cst_' + 'C'.repeat(43), expired!.token, readOnly!.token, ok!.token];
    // All started synchronously: one turn, one query.
    const answers = await Promise.all(tokens.map((token) => outcome(authenticateServiceToken(t.db, `Bearer ${token}`, 'transactions:ingest'))));
    expect(answers).toEqual([ok!.id, 'UNAUTHENTICATED', other!.id, 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'FORBIDDEN', ok!.id]);
  });

  it('fails every lookup of a turn whose query fails, and the next turn queries afresh', async () => {
    const tok = await makeToken(t.db);
    const failing = { _: { session: { prepareQuery: () => ({ execute: async () => Promise.reject(new Error('database unavailable')) }) } } } as unknown as TDb;
    const failed = await Promise.allSettled([1, 2, 3].map(() => authenticateServiceToken(failing, `Bearer ${tok.token}`, 'transactions:ingest')));
    expect(failed.map((r) => r.status === 'rejected' && (r.reason as Error).message)).toEqual(['database unavailable', 'database unavailable', 'database unavailable']);
    expect((await authenticateServiceToken(t.db, `Bearer ${tok.token}`, 'transactions:ingest')).id).toBe(tok.id);
  });
});
