/**
 * Retention pruning: deletes a chain's events older than a cut, in the caller's transaction,
 * and only through the database's audit_prune_before() (the one path the append-only
 * triggers let through). Runs as the executor of an approved 'audit.prune' request, never on
 * its own. It first appends an `audit.pruned` marker naming the cut (seq and hash), signs a
 * checkpoint at the cut, deletes, then checkpoints the head so the marker itself is covered
 * by a signature. verifyAuditChain then accepts a chain that starts right after a signed,
 * marked cut and still detects any other missing beginning.
 */
import 'server-only';
import { and, asc, desc, eq, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { auditCheckpoints, auditEvents } from '@/db/schema';
import type { TTx } from '@/db/types';
import { AppError, validationError } from '@/lib/errors';
import { appendAuditEvent, type TAuditActor } from './append-audit-event';
import { getAuditSigningKey } from './audit-signing-key';
import { signCheckpoint } from './checkpoint-signature';
import { createCheckpoint } from './create-checkpoint';
import { lockChainHead } from './lock-chain-head';

/** PCI DSS 10.5.1: keep at least 12 months of audit history; the database enforces the same floor. */
export const AUDIT_MIN_RETENTION_DAYS = 365;

export const ZAuditPrunePayload = z.strictObject({
  before: z.iso.datetime({ offset: true }),
  chain: z.string().regex(/^[a-z0-9][a-z0-9_.:-]{0,63}$/).default('main'),
});
export type TAuditPrunePayload = z.input<typeof ZAuditPrunePayload>;

export type TPruneContext = {
  actor: TAuditActor;
  meta?: { requestId?: string; ip?: string | null; userAgent?: string | null; sessionId?: string | null };
  approvalRequestId?: string;
  now?: Date;
};

export type TPruneResult = { chain: string; cutSeq: number; deleted: number } | { chain: string; cutSeq: null; deleted: 0 };

/** Parses the payload and refuses a cut younger than the retention floor (VALIDATION). */
export function parsePrunePayload(raw: unknown, now = new Date()): { before: Date; chain: string } {
  const parsed = ZAuditPrunePayload.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const before = new Date(parsed.data.before);
  const floor = now.getTime() - AUDIT_MIN_RETENTION_DAYS * 86_400_000;
  if (before.getTime() > floor) {
    throw new AppError('VALIDATION', `Audit events younger than ${AUDIT_MIN_RETENTION_DAYS} days must be kept (PCI DSS 10.5.1): choose a cut before ${new Date(floor).toISOString().slice(0, 10)}.`);
  }
  return { before, chain: parsed.data.chain };
}

/** Prunes `chain` before `payload.before` within `tx`; returns the cut, or cutSeq null when nothing is that old. */
export async function pruneAuditEvents(tx: TTx, payload: unknown, ctx: TPruneContext): Promise<TPruneResult> {
  const { before, chain } = parsePrunePayload(payload, ctx.now);
  await lockChainHead(tx, chain);
  // occurred_at is taken under the head lock, so it follows seq: the newest event before the cut bounds it.
  const [cut] = await tx
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .where(and(eq(auditEvents.chain, chain), lt(auditEvents.occurredAt, before)))
    .orderBy(desc(auditEvents.occurredAt))
    .limit(1);
  if (!cut) return { chain, cutSeq: null, deleted: 0 };
  const [first] = await tx.select({ seq: auditEvents.seq }).from(auditEvents).where(eq(auditEvents.chain, chain)).orderBy(asc(auditEvents.seq)).limit(1);

  await appendAuditEvent(tx, {
    chain,
    action: 'audit.pruned',
    actor: ctx.actor,
    target: { type: 'audit_chain', id: chain },
    result: 'success',
    meta: ctx.meta,
    data: {
      chain,
      cutSeq: cut.seq,
      cutHash: cut.hash,
      before: before.toISOString(),
      events: cut.seq - (first?.seq ?? cut.seq) + 1,
      ...(ctx.approvalRequestId ? { approvalRequestId: ctx.approvalRequestId } : {}),
    },
  });
  // The signed checkpoint at the cut is what the remaining chain verifies from. Written
  // without moving the head's checkpoint pointer (that tracks the newest checkpoint).
  const [existing] = await tx.select().from(auditCheckpoints).where(and(eq(auditCheckpoints.chain, chain), eq(auditCheckpoints.seq, cut.seq)));
  if (!existing) {
    const key = getAuditSigningKey();
    const fields = { chain, seq: cut.seq, hash: cut.hash, createdAt: new Date(), keyId: key.keyId };
    await tx.insert(auditCheckpoints).values({ ...fields, signature: signCheckpoint(fields, key.privateKey) });
  }
  const result = await tx.execute<{ deleted: string | number }>(sql`SELECT audit_prune_before(${chain}, ${cut.seq}) AS deleted`);
  const rows = Array.isArray(result) ? result : (result as unknown as { rows: { deleted: string | number }[] }).rows;
  // The marker (now at the head) gets a signature of its own, so it cannot be forged later.
  await createCheckpoint(tx, chain);
  return { chain, cutSeq: cut.seq, deleted: Number(rows[0]?.deleted ?? 0) };
}
