/**
 * Approvals benchmark (issue 4): server time of a decision including passkey signature
 * verification (decideApprovalRequest: challenge consumed, assertion verified, row locked,
 * SoD checks, decision + audit committed) and of a policy evaluation (tier selection + quorum
 * matching), each against a bare verifyAuthenticationResponse call measured in the same run.
 * Uses DATABASE_URL (a fresh database on that server) or in-memory PGlite. BENCH_APPROVALS_N sets iterations.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { verifyAuthenticationResponse } from '@simplewebauthn/server';
import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase } from '@/db/client';
import { passkeys } from '@/db/schema';
import { seedBuiltInRoles } from '@/db/seed';
import { createApprovalRequest } from '@/lib/approvals/create-approval-request';
import { createDecisionSignatureOptions } from '@/lib/approvals/create-decision-signature-options';
import { decideApprovalRequest } from '@/lib/approvals/decide-approval-request';
import { selectTier, stepComplete } from '@/lib/approvals/evaluate-policy';
import { ZPolicyDefinition } from '@/lib/approvals/policy-schema';
import { createSigner } from '@/lib/approvals/testing/signer';
import { env } from '@/lib/env';
import { measure, type TTiming } from './measure';

const N = Number(process.env.BENCH_APPROVALS_N ?? 200);

function percentiles(samples: number[]): TTiming {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
  return { p50: at(50), p95: at(95), iterations: s.length };
}

const policy = ZPolicyDefinition.parse({
  tiers: [
    { name: 'Very high', when: [{ field: 'amountMinor', op: 'gte', value: '100000000' }, { field: 'currency', op: 'eq', value: 'EUR' }], steps: [{ name: 'Board', groups: [{ roleKey: 'administrator', quorum: 2 }] }] },
    {
      name: 'High', when: [{ field: 'amountMinor', op: 'gte', value: '5000000' }],
      steps: [
        { name: 'Ops and compliance', groups: [{ roleKey: 'ops-approver', quorum: 2 }, { roleKey: 'compliance-officer', quorum: 1 }] },
        { name: 'Administrator', groups: [{ roleKey: 'administrator', quorum: 1 }] },
      ],
    },
    { name: 'Default', steps: [{ name: 'Ops', groups: [{ roleKey: 'ops-approver', quorum: 1 }] }] },
  ],
});
const approvals = [
  { staffId: 'a', groupIndexes: [0, 1] },
  { staffId: 'b', groupIndexes: [0] },
  { staffId: 'c', groupIndexes: [1] },
];

async function openBenchDb() {
  if (!process.env.DATABASE_URL) return openDatabase({ migrate: true });
  const name = `cs_bench_appr_${randomBytes(4).toString('hex')}`;
  const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), migrate: true });
  return { ...handle, close: async () => { await handle.close(); await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); await admin.end(); } };
}

export async function runApprovalsBenchmark(): Promise<void> {
  const handle = await openBenchDb();
  const { db } = handle;
  try {
    await seedBuiltInRoles(db);
    const requester = await createSigner(db, ['administrator'], 'Bench requester');
    const approver = await createSigner(db, ['administrator'], 'Bench approver');
    const requesterActor = await requester.actor();
    const approverActor = await approver.actor();
    const [pk] = await db.select().from(passkeys).where(eq(passkeys.staffId, approver.staffId));
    const decisionMs: number[] = [];
    const bareMs: number[] = [];
    for (let i = 0; i < N + 10; i++) {
      // One request per decision: the first of two administrator approvals (verified, checked, stored, audited).
      const req = await createApprovalRequest(db, requesterActor, { actionType: 'approval-policy.update', payload: { actionType: 'approval-policy.update', basedOnVersion: 1, definition: { tiers: [{ name: 'Default', steps: [{ name: 'Admins', groups: [{ roleKey: 'administrator', quorum: 2 }] }] }] } }, reason: 'bench' }).catch(() => null);
      if (!req) throw new Error('could not open a bench request');
      const { options } = await createDecisionSignatureOptions(db, { actor: approverActor, bindingHash: approver.binding, requestId: req.id, version: 1, step: 0, decision: 'approve' });
      const proof = approver.auth.assert(options.challenge, { counter: 0 });
      const t0 = performance.now();
      await decideApprovalRequest(db, approverActor, { requestId: req.id, version: 1, step: 0, decision: 'approve', comment: '', proof, bindingHash: approver.binding });
      const t1 = performance.now();
      // The floor: the same kind of assertion verified by the library alone, no database.
      const bare = approver.auth.assert(options.challenge, { counter: 0 });
      const t2 = performance.now();
      await verifyAuthenticationResponse({ response: bare, expectedChallenge: options.challenge, expectedOrigin: env().publicOrigin, expectedRPID: env().rpId, requireUserVerification: true, credential: { id: pk!.credentialId, publicKey: Buffer.from(pk!.publicKey, 'base64url'), counter: 0 } });
      const t3 = performance.now();
      if (i >= 10) {
        decisionMs.push(t1 - t0);
        bareMs.push(t3 - t2);
      }
    }
    const decision = percentiles(decisionMs);
    const bare = percentiles(bareMs);
    const evaluation = measure(Math.max(N * 10, 2000), () => ({ amountMinor: String(4_000_000 + Math.floor(Math.random() * 2_000_000)), currency: 'EUR' }), (payload) => {
      const tier = policy.tiers[selectTier(policy, payload)]!;
      return stepComplete(tier.steps[0]!, approvals);
    });
    const ms = (n: number) => n.toFixed(3);
    console.log(`\nApprovals benchmark (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}, ${N} decisions, node ${process.version})`);
    console.table([
      { measurement: 'decision incl. signature verification (server)', 'p50 ms': ms(decision.p50), 'p95 ms': ms(decision.p95), 'bare verify p50 ms': ms(bare.p50), 'ratio p50': (decision.p50 / bare.p50).toFixed(2) },
      { measurement: 'policy evaluation (tier + quorum matching)', 'p50 ms': ms(evaluation.p50), 'p95 ms': ms(evaluation.p95), 'bare verify p50 ms': ms(bare.p50), 'ratio p50': (evaluation.p50 / bare.p50).toFixed(4) },
    ]);
    console.log(`${decision.p50 < 30 ? 'PASS' : 'FAIL'}  decision incl. signature verification: p50 ${ms(decision.p50)} ms (goal < 30 ms)`);
    console.log(`${evaluation.p50 < 1 ? 'PASS' : 'FAIL'}  policy evaluation: p50 ${ms(evaluation.p50)} ms (goal < 1 ms)`);
  } finally {
    await handle.close();
  }
}

if (require.main === module) void runApprovalsBenchmark();
