/**
 * Races on a real PostgreSQL server (skipped on PGlite: one connection has no concurrency).
 * Each decision carries its own real passkey assertion; the soft authenticators sign with
 * counter 0 (as many platform passkeys do) so parallel assertions are not a counter regression.
 */
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { withFirstAdminDb } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { createApprovalRequest } from './create-approval-request';
import { retryFailedRequest } from './retry-failed-request';
import { createSigner, decide, decisionCount, defineTestActionType, executions, requestRow, signDecision, TEST_ACTION, testExecutor, type TSigner } from './testing/approval-fixtures';

const onPostgres = Boolean(process.env.DATABASE_URL);
let t: TTestDb;
withFirstAdminDb((ctx) => ({ t } = ctx));
let requester: TSigner;
let ops: TSigner[] = [];
let killer: postgres.Sql | undefined;

beforeAll(async () => {
  if (!onPostgres) return;
  defineTestActionType();
  requester = await createSigner(t.db, ['administrator'], 'Rita Requester');
  ops = [];
  for (const name of ['Olga', 'Omar', 'Otto']) ops.push(await createSigner(t.db, ['ops-approver'], `${name} Ops`));
  await createSigner(t.db, ['compliance-officer'], 'Cora Compliance');
  killer = postgres(t.url!, { max: 1, onnotice: () => undefined });
});
afterAll(async () => killer?.end({ timeout: 5 }));
beforeEach(() => {
  testExecutor.fail = null;
  testExecutor.during = null;
});

const open = async (amountMinor: string) =>
  createApprovalRequest(t.db, await requester.actor(), { actionType: TEST_ACTION, payload: { amountMinor, currency: 'EUR', note: 'race' }, reason: 'race test' });

describe.skipIf(!onPostgres)('approval races (Postgres only; skipped on PGlite: a single connection has no concurrency)', () => {
  it('50 parallel approvals by the same approver store exactly one decision', async () => {
    const req = await open('7500000'); // high tier: the step needs 2 ops, so one approval keeps it open
    const proofs: Awaited<ReturnType<typeof signDecision>>[] = [];
    for (let i = 0; i < 50; i++) proofs.push(await signDecision(t.db, ops[0]!, req, 0, 'approve', { counter: 0 }));
    const results = await Promise.allSettled(proofs.map((p) => decide(t.db, ops[0]!, req, 0, 'approve', p)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'CONFLICT' });
    expect(await decisionCount(t.db, req.id, ops[0]!.staffId)).toBe(1);
    expect(await requestRow(t.db, req.id)).toMatchObject({ status: 'pending', currentStep: 0 });
  }, 120_000);

  it('racing final approvals execute exactly once, in 100 bursts', async () => {
    let doubleExecutions = 0;
    for (let burst = 0; burst < 100; burst++) {
      const req = await open('100'); // default tier: 1 of ops
      const proofs: Awaited<ReturnType<typeof signDecision>>[] = [];
      for (const who of ops) proofs.push(await signDecision(t.db, who, req, 0, 'approve', { counter: 0 }));
      const results = await Promise.allSettled(ops.map((who, i) => decide(t.db, who, req, 0, 'approve', proofs[i])));
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won, `burst ${burst}`).toHaveLength(1);
      const n = await executions(t.db, req.id);
      if (n !== 1) doubleExecutions++;
      expect(await decisionCount(t.db, req.id)).toBe(1);
      expect((await requestRow(t.db, req.id)).status).toBe('executed');
    }
    expect(doubleExecutions).toBe(0);
  }, 300_000);

  // The driver rejects the transaction as soon as the socket closes, which can come before or after
  // the executor's next statement fails: both orders are forced here, and both must record the failure.
  it.each([
    ['the executor carries on at once', 0],
    ['the close is seen before the executor carries on', 300],
  ])('a connection dropped mid-execution leaves no partial state, and a retry executes exactly once (%s)', async (_, settleMs) => {
    const req = await open('100');
    testExecutor.during = async (tx) => {
      const rows = (await tx.execute(sql`SELECT pg_backend_pid() AS pid`)) as unknown as { pid: number }[];
      await killer!`SELECT pg_terminate_backend(${rows[0]!.pid})`;
      if (settleMs) await new Promise((r) => setTimeout(r, settleMs));
    };
    const outcome = await decide(t.db, ops[1]!, req, 0).then(
      (r) => ({ ok: true as const, r }),
      (e: unknown) => ({ ok: false as const, e }),
    );
    testExecutor.during = null;
    // The execution transaction died with its connection: nothing it did survived; the signed decision and
    // the failure were recorded on a fresh connection.
    expect(outcome).toMatchObject({ ok: true, r: { status: 'failed' } });
    expect(await executions(t.db, req.id)).toBe(0);
    expect(await requestRow(t.db, req.id)).toMatchObject({ status: 'failed', executedAt: null });
    expect(await decisionCount(t.db, req.id)).toBe(1);
    const retries = await Promise.allSettled([retryFailedRequest(t.db, await requester.actor(), { requestId: req.id }), retryFailedRequest(t.db, await requester.actor(), { requestId: req.id })]);
    expect(retries.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await executions(t.db, req.id)).toBe(1);
    expect((await requestRow(t.db, req.id)).status).toBe('executed');
  }, 60_000);

  it.each([
    ['the executor carries on at once', 0],
    ['the close is seen before the executor carries on', 300],
  ])('a retry whose connection drops mid-execution is recorded as failed again, and the next retry executes once (%s)', async (_, settleMs) => {
    const req = await open('100');
    testExecutor.fail = 'first attempt fails';
    expect(await decide(t.db, ops[2]!, req, 0)).toMatchObject({ status: 'failed' });
    testExecutor.fail = null;
    testExecutor.during = async (tx) => {
      const rows = (await tx.execute(sql`SELECT pg_backend_pid() AS pid`)) as unknown as { pid: number }[];
      await killer!`SELECT pg_terminate_backend(${rows[0]!.pid})`;
      if (settleMs) await new Promise((r) => setTimeout(r, settleMs));
    };
    const outcome = await retryFailedRequest(t.db, await requester.actor(), { requestId: req.id }).then(
      (r) => ({ ok: true as const, r }),
      (e: unknown) => ({ ok: false as const, e }),
    );
    testExecutor.during = null;
    expect(outcome).toMatchObject({ ok: true, r: { status: 'failed' } });
    expect(await executions(t.db, req.id)).toBe(0);
    expect(await requestRow(t.db, req.id)).toMatchObject({ status: 'failed', executedAt: null, executionAttempts: 2 });
    expect(await retryFailedRequest(t.db, await requester.actor(), { requestId: req.id })).toMatchObject({ status: 'executed' });
    expect(await executions(t.db, req.id)).toBe(1);
  }, 60_000);
});
