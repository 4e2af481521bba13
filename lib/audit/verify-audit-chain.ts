/**
 * verifyAuditChain: streams one chain in seq order (keyset pages, so memory stays flat on a
 * long log), recomputes every hash and link, checks every signed checkpoint against the row
 * at its seq, and compares the tail with the chain head. Stops at the first problem and
 * reports its seq and kind. Runs in one REPEATABLE READ snapshot so concurrent appends
 * neither race the head check nor look like tampering.
 */
import 'server-only';
import { and, asc, count, eq, gt } from 'drizzle-orm';
import { auditChainHeads, auditCheckpoints, auditEvents } from '@/db/schema';
import type { TDb, TTx } from '@/db/types';
import { getAuditSigningKey } from './audit-signing-key';
import { checkChainRow, type TChainProblem } from './check-chain-row';
import { buildAuditKeyring, checkCheckpointSignature, type TAuditKeyring } from './checkpoint-signature';
import type { TCheckpoint } from './create-checkpoint';
import { findPruneStart } from './find-prune-start';
import type { TAuditEventRow } from './hash-audit-event';

export type { TChainProblem, TChainProblemKind } from './check-chain-row';

export type TVerifyAuditChainOptions = {
  chain?: string;
  batchSize?: number;
  onProgress?: (p: { chain: string; checked: number; total: number }) => void;
  /** Extra trusted public keys (SPKI PEM), e.g. keys retired by a rotation. The current key is always trusted. */
  publicKeys?: string[];
};

export type TVerifyAuditChainResult = {
  ok: boolean;
  chain: string;
  checked: number;
  total: number;
  headSeq: number;
  lastCheckpoint: { seq: number; verified: boolean } | null;
  /** Set when the chain starts after an approved retention prune: events up to this seq were deleted. */
  prunedThrough: number | null;
  problem?: TChainProblem;
};

/** Signature first (a forged checkpoint proves nothing), then the row it vouches for. */
function checkCheckpoint(cp: TCheckpoint, row: TAuditEventRow | null, keyring: TAuditKeyring): TChainProblem | null {
  const sig = checkCheckpointSignature(cp, keyring);
  if (sig !== 'ok') {
    const why = sig === 'unknown_key' ? `was signed by untrusted key ${cp.keyId}` : 'has an invalid signature';
    return { seq: cp.seq, kind: 'bad_checkpoint_signature', detail: `the checkpoint at seq ${cp.seq} ${why}` };
  }
  if (row && row.hash !== cp.hash) {
    return {
      seq: cp.seq,
      kind: 'recomputed_after_checkpoint',
      detail: `row ${cp.seq} no longer has the hash signed at ${cp.createdAt.toISOString()}: the chain up to it was rewritten and re-hashed`,
    };
  }
  return null;
}

async function verifyInSnapshot(tx: TTx, chain: string, opts: TVerifyAuditChainOptions): Promise<TVerifyAuditChainResult> {
  const batchSize = opts.batchSize ?? 1000;
  const [head] = await tx.select().from(auditChainHeads).where(eq(auditChainHeads.chain, chain));
  const [{ n: total } = { n: 0 }] = await tx.select({ n: count() }).from(auditEvents).where(eq(auditEvents.chain, chain));
  const checkpoints = await tx.select().from(auditCheckpoints).where(eq(auditCheckpoints.chain, chain)).orderBy(asc(auditCheckpoints.seq));
  const bySeq = new Map(checkpoints.map((c) => [c.seq, c]));
  const keyring = buildAuditKeyring([getAuditSigningKey().publicKey, ...(opts.publicKeys ?? [])]);
  const headSeq = head?.seq ?? 0;

  let checked = 0;
  let lastCheckpoint: TVerifyAuditChainResult['lastCheckpoint'] = null;
  // A chain pruned through an approved request starts after its signed cut (see find-prune-start.ts).
  const pruned = await findPruneStart(tx, chain, checkpoints, keyring);
  // Declared through a cast so TS does not narrow it to null across the paging loop.
  let prev = (pruned ? { seq: pruned.cutSeq, hash: pruned.cutHash, prevHash: '' } : null) as Pick<TAuditEventRow, 'seq' | 'hash' | 'prevHash'> | null;
  let afterSeq = pruned?.cutSeq ?? 0;
  const prunedThrough = pruned?.cutSeq ?? null;
  const result = (problem?: TChainProblem): TVerifyAuditChainResult => ({
    ok: !problem, chain, checked, total, headSeq, lastCheckpoint, prunedThrough, ...(problem ? { problem } : {}),
  });

  const page = (after: number) =>
    tx.select().from(auditEvents).where(and(eq(auditEvents.chain, chain), gt(auditEvents.seq, after))).orderBy(asc(auditEvents.seq)).limit(batchSize);
  let next: Promise<TAuditEventRow[]> | null = page(afterSeq);
  while (next) {
    const rows: TAuditEventRow[] = await next;
    // The next page is read while this one is hashed (the database and the CPU work side by side).
    next = rows.length === batchSize ? page(rows.at(-1)!.seq) : null;
    next?.catch(() => undefined);
    for (const row of rows) {
      const problem = await checkChainRow(tx, row, prev, headSeq);
      if (problem) return result(problem);
      checked++;
      prev = row;
      afterSeq = row.seq;
      const cp = bySeq.get(row.seq);
      if (cp) {
        lastCheckpoint = { seq: cp.seq, verified: false };
        const cpProblem = checkCheckpoint(cp, row, keyring);
        if (cpProblem) return result(cpProblem);
        lastCheckpoint.verified = true;
      }
    }
    opts.onProgress?.({ chain, checked, total });
  }

  const lastSeq = afterSeq;
  const beyond = checkpoints.filter((c) => c.seq > lastSeq);
  for (const cp of beyond) {
    const sigProblem = checkCheckpoint(cp, null, keyring);
    if (sigProblem) return result(sigProblem);
  }
  if (lastSeq > 0 && !head) return result({ seq: 1, kind: 'head_mismatch', detail: 'the chain has events but no chain head row' });
  if (headSeq > lastSeq) {
    return result({ seq: lastSeq + 1, kind: 'head_mismatch', detail: `the chain head says ${headSeq} events but the chain ends at ${lastSeq}: the tail was removed` });
  }
  if (beyond.length > 0) {
    const top = beyond.at(-1)!.seq;
    return result({ seq: lastSeq + 1, kind: 'head_mismatch', detail: `a signed checkpoint proves events up to ${top} existed but the chain ends at ${lastSeq}: the tail was removed` });
  }
  if (head && prev && head.hash !== prev.hash) {
    return result({ seq: headSeq, kind: 'head_mismatch', detail: `the chain head's hash differs from row ${headSeq}'s: the last event was rewritten` });
  }
  if (head && head.lastCheckpointSeq > 0 && !bySeq.has(head.lastCheckpointSeq)) {
    return result({ seq: head.lastCheckpointSeq, kind: 'head_mismatch', detail: `the chain head records a checkpoint at seq ${head.lastCheckpointSeq} that no longer exists` });
  }
  return result();
}

/** Verifies one chain (default 'main'); see docs/audit.md for what each problem kind means. */
export async function verifyAuditChain(db: TDb, opts: TVerifyAuditChainOptions = {}): Promise<TVerifyAuditChainResult> {
  const chain = opts.chain ?? 'main';
  return db.transaction((tx) => verifyInSnapshot(tx, chain, opts), { isolationLevel: 'repeatable read', accessMode: 'read only' });
}
