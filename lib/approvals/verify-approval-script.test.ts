/** `npm run approvals:verify-proof` as an auditor runs it: a separate process, a bundle file, no database. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withFirstAdminDb } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { createApprovalRequest } from './create-approval-request';
import { exportApprovalProof, type TApprovalProofBundle } from './export-approval-proof';
import { createSigner, decide, defineTestActionType, TEST_ACTION } from './testing/approval-fixtures';

let t: TTestDb;
withFirstAdminDb((ctx) => ({ t } = ctx));
let dir: string;
let bundle: TApprovalProofBundle;

beforeAll(async () => {
  defineTestActionType();
  dir = mkdtempSync(path.join(tmpdir(), 'approval-proof-'));
  const requester = await createSigner(t.db, ['administrator'], 'Rita Requester');
  const ops = await createSigner(t.db, ['ops-approver'], 'Olga Ops');
  const req = await createApprovalRequest(t.db, await requester.actor(), { actionType: TEST_ACTION, payload: { amountMinor: '1200', currency: 'EUR', note: 'refund' }, reason: 'customer refund' });
  await decide(t.db, ops, req, 0);
  bundle = await exportApprovalProof(t.db, await requester.actor(), req.id);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function verifyFile(content: unknown): { status: number | null; out: string } {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(content));
  // No DATABASE_URL: the verifier must not need one.
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  delete childEnv.DATABASE_URL;
  const r = spawnSync('npm', ['run', '-s', 'approvals:verify-proof', '--', file], { env: childEnv, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

describe('scripts/verify-approval.ts', () => {
  it('passes a valid bundle offline', () => {
    const r = verifyFile(bundle);
    expect(r.out).toMatch(/VERIFIED/);
    expect(r.status).toBe(0);
  });

  it('fails a bundle whose payload was edited, naming the problem', () => {
    const edited = structuredClone(bundle);
    edited.request.payload.amountMinor = '1200000';
    const r = verifyFile(edited);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/payload does not match its hash/);
  });

  it('fails a bundle whose decision was switched, and a file that is not a bundle', () => {
    const edited = structuredClone(bundle);
    edited.decisions[0]!.decision = 'reject';
    expect(verifyFile(edited).status).toBe(1);
    expect(verifyFile({ hello: 'world' }).status).toBe(1);
  });
});
