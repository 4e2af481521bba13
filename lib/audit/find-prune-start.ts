/**
 * Where a pruned chain legitimately starts. After an approved retention prune the first event
 * is not seq 1: the chain is accepted as starting after seq `cut` only when (1) an
 * `audit.pruned` marker in the chain names that cut and its hash, (2) a checkpoint at the cut
 * is signed by a trusted key with that hash, and (3) a signed checkpoint at or after the
 * marker covers the marker itself (so it cannot be slipped in later). Anything else leaves
 * the missing beginning to be reported as `missing`. The marker row is trusted here and then
 * verified like every other row when the walk reaches it.
 */
import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import { auditEvents } from '@/db/schema';
import type { TTx } from '@/db/types';
import { checkCheckpointSignature, type TAuditKeyring } from './checkpoint-signature';
import type { TCheckpoint } from './create-checkpoint';

export type TPruneStart = { cutSeq: number; cutHash: string; markerSeq: number };

export async function findPruneStart(tx: TTx, chain: string, checkpoints: readonly TCheckpoint[], keyring: TAuditKeyring): Promise<TPruneStart | null> {
  const [first] = await tx.select({ seq: auditEvents.seq }).from(auditEvents).where(eq(auditEvents.chain, chain)).orderBy(asc(auditEvents.seq)).limit(1);
  if (!first || first.seq <= 1) return null;
  const cutSeq = first.seq - 1;
  const markers = await tx
    .select({ seq: auditEvents.seq, data: auditEvents.data })
    .from(auditEvents)
    .where(and(eq(auditEvents.chain, chain), eq(auditEvents.action, 'audit.pruned'), sql`(${auditEvents.data}->>'cutSeq')::bigint = ${cutSeq}`))
    .orderBy(asc(auditEvents.seq))
    .limit(1);
  const marker = markers[0];
  const cutHash = marker?.data?.cutHash;
  if (!marker || typeof cutHash !== 'string' || marker.data?.chain !== chain) return null;
  const cp = checkpoints.find((c) => c.seq === cutSeq);
  if (!cp || cp.hash !== cutHash || checkCheckpointSignature(cp, keyring) !== 'ok') return null;
  if (!checkpoints.some((c) => c.seq >= marker.seq)) return null;
  return { cutSeq, cutHash, markerSeq: marker.seq };
}
