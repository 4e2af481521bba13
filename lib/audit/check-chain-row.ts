/**
 * The per-row checks of chain verification, and how a failure is classified. Each check
 * compares what a row says with what its neighbours committed to; the kinds are defined in
 * docs/audit.md. Lookups by hash run only once something is already wrong, so an intact
 * chain costs one hash computation per row.
 */
import 'server-only';
import { and, eq, ne } from 'drizzle-orm';
import { auditEvents } from '@/db/schema';
import type { TTx } from '@/db/types';
import { computeAuditHash, GENESIS_HASH, type TAuditEventRow } from './hash-audit-event';

export type TChainProblemKind =
  | 'modified'
  | 'missing'
  | 'reordered'
  | 'forged_insert'
  | 'recomputed_after_checkpoint'
  | 'bad_checkpoint_signature'
  | 'head_mismatch';

export type TChainProblem = { seq: number; kind: TChainProblemKind; detail: string };

/** How far either side of a row's position to look for the seq it was originally written at. */
const REORDER_WINDOW = 8;

async function seqWithHash(tx: TTx, chain: string, hash: string, exceptId?: string): Promise<number | null> {
  const where = and(eq(auditEvents.chain, chain), eq(auditEvents.hash, hash), exceptId ? ne(auditEvents.id, exceptId) : undefined);
  const [r] = await tx.select({ seq: auditEvents.seq }).from(auditEvents).where(where).limit(1);
  return r?.seq ?? null;
}

async function seqWithPrevHash(tx: TTx, chain: string, prevHash: string, exceptId?: string): Promise<number | null> {
  const where = and(eq(auditEvents.chain, chain), eq(auditEvents.prevHash, prevHash), exceptId ? ne(auditEvents.id, exceptId) : undefined);
  const [r] = await tx.select({ seq: auditEvents.seq }).from(auditEvents).where(where).limit(1);
  return r?.seq ?? null;
}

/** The seq a row was written at when its stored hash matches its content at another seq, else null. */
async function originalSeqOf(tx: TTx, r: TAuditEventRow): Promise<number | null> {
  const candidates = new Set<number>();
  const successor = await seqWithPrevHash(tx, r.chain, r.hash, r.id);
  if (successor !== null) candidates.add(successor - 1);
  const predecessor = r.prevHash === GENESIS_HASH ? 0 : await seqWithHash(tx, r.chain, r.prevHash, r.id);
  if (predecessor !== null) candidates.add(predecessor + 1);
  for (let d = 1; d <= REORDER_WINDOW; d++) candidates.add(r.seq - d).add(r.seq + d);
  for (const seq of candidates) {
    if (seq >= 1 && seq !== r.seq && computeAuditHash({ ...r, seq }) === r.hash) return seq;
  }
  return null;
}

type TPrev = { seq: number; hash: string; prevHash: string } | null;

/** The first problem with row `r` given the previous verified row, or null when it is intact. */
export async function checkChainRow(tx: TTx, r: TAuditEventRow, prev: TPrev, headSeq: number): Promise<TChainProblem | null> {
  const expected = (prev?.seq ?? 0) + 1;
  if (r.seq > expected) {
    const range = r.seq - 1 === expected ? `${expected}` : `${expected}..${r.seq - 1}`;
    return { seq: expected, kind: 'missing', detail: `event ${range} is missing: the chain jumps from ${expected - 1} to ${r.seq}` };
  }

  // Two rows claiming the same predecessor: the one no later row links to was slotted in.
  if (prev && r.prevHash === prev.prevHash) {
    const prevHasSuccessor = (await seqWithPrevHash(tx, r.chain, prev.hash)) !== null;
    const forged = prevHasSuccessor ? r.seq : prev.seq;
    return { seq: forged, kind: 'forged_insert', detail: `rows ${prev.seq} and ${r.seq} both link to the same predecessor; row ${forged} does not belong to the chain` };
  }

  if (computeAuditHash(r) !== r.hash) {
    const original = await originalSeqOf(tx, r);
    if (original === null) return { seq: r.seq, kind: 'modified', detail: `row ${r.seq}'s content no longer matches its stored hash` };
    const predecessorGone = r.prevHash !== GENESIS_HASH && (await seqWithHash(tx, r.chain, r.prevHash, r.id)) === null;
    if (predecessorGone) {
      return { seq: r.seq, kind: 'missing', detail: `the event before row ${r.seq} (written as seq ${original}) was deleted and later rows renumbered` };
    }
    return { seq: r.seq, kind: 'reordered', detail: `row ${r.seq} was written as seq ${original}` };
  }

  const expectedPrev = prev?.hash ?? GENESIS_HASH;
  if (r.prevHash !== expectedPrev) {
    const linked = await seqWithHash(tx, r.chain, r.prevHash, r.id);
    if (linked !== null) {
      return { seq: r.seq, kind: 'reordered', detail: `row ${r.seq} links to row ${linked} instead of row ${r.seq - 1}` };
    }
    if (!prev) return { seq: r.seq, kind: 'forged_insert', detail: 'row 1 does not start from the genesis hash' };
    return {
      seq: prev.seq,
      kind: 'forged_insert',
      detail: `row ${prev.seq} is self-consistent but row ${r.seq} links to a different hash: row ${prev.seq} was inserted or rewritten with a recomputed hash`,
    };
  }

  if (r.seq > headSeq) {
    return { seq: r.seq, kind: 'forged_insert', detail: `row ${r.seq} lies beyond the chain head (seq ${headSeq}): it was not appended by the audit writer` };
  }
  return null;
}
