/**
 * Signed checkpoints: (chain, seq, hash, time) signed with the audit Ed25519 key. A verifier
 * holding only the public key can then tell a chain that was rewritten and fully re-hashed
 * from the one that was signed. Written every AUDIT_CHECKPOINT_EVERY events or
 * AUDIT_CHECKPOINT_MINUTES minutes by appendAuditEvent (under the head lock), or on demand.
 */
import 'server-only';
import { and, eq } from 'drizzle-orm';
import { auditChainHeads, auditCheckpoints } from '@/db/schema';
import type { TTx } from '@/db/types';
import { getAuditSigningKey } from './audit-signing-key';
import { signCheckpoint } from './checkpoint-signature';
import { lockChainHead, type TChainHead } from './lock-chain-head';

export type TCheckpoint = typeof auditCheckpoints.$inferSelect;
export type TCheckpointPolicy = { every: number; minutes: number };

/** True when the head has moved `every` events, or `minutes` have passed with new events, since the last checkpoint. */
export function isCheckpointDue(head: Pick<TChainHead, 'seq' | 'lastCheckpointSeq' | 'lastCheckpointAt'>, now: Date, policy: TCheckpointPolicy): boolean {
  const pending = head.seq - head.lastCheckpointSeq;
  if (pending <= 0) return false;
  if (pending >= policy.every) return true;
  return now.getTime() - head.lastCheckpointAt.getTime() >= policy.minutes * 60_000;
}

/** Signs and stores a checkpoint at the given head and records it on the head row. The head must already be locked. */
export async function writeCheckpoint(tx: TTx, head: { chain: string; seq: number; hash: string }, now: Date): Promise<TCheckpoint> {
  const key = getAuditSigningKey();
  const fields = { chain: head.chain, seq: head.seq, hash: head.hash, createdAt: now, keyId: key.keyId };
  const [row] = await tx
    .insert(auditCheckpoints)
    .values({ ...fields, signature: signCheckpoint(fields, key.privateKey) })
    .returning();
  await tx
    .update(auditChainHeads)
    .set({ lastCheckpointSeq: head.seq, lastCheckpointAt: now })
    .where(eq(auditChainHeads.chain, head.chain));
  return row!;
}

/**
 * Checkpoints the current head of `chain` now (e.g. before an export or at shutdown).
 * Returns the existing checkpoint when the head is already checkpointed, null for an empty chain.
 */
export async function createCheckpoint(tx: TTx, chain = 'main'): Promise<TCheckpoint | null> {
  const head = await lockChainHead(tx, chain);
  if (head.seq === 0) return null;
  const [existing] = await tx
    .select()
    .from(auditCheckpoints)
    .where(and(eq(auditCheckpoints.chain, chain), eq(auditCheckpoints.seq, head.seq)));
  if (existing) return existing;
  return writeCheckpoint(tx, head, new Date());
}
