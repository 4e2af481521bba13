/**
 * The chain head row is the per-chain mutex: every append locks it (SELECT … FOR UPDATE) for
 * the rest of the caller's transaction, so concurrent writers queue up and each sees the
 * previous writer's seq and hash. That is what keeps seq gap-free and the chain unforked.
 */
import 'server-only';
import { eq } from 'drizzle-orm';
import { auditChainHeads } from '@/db/schema';
import type { TTx } from '@/db/types';
import { runPrepared, type TPreparedStatement } from '@/db/prepared-statement';
import { GENESIS_HASH } from './hash-audit-event';

export type TChainHead = typeof auditChainHeads.$inferSelect;

async function selectHeadForUpdate(tx: TTx, chain: string): Promise<TChainHead | undefined> {
  const [head] = await tx.select().from(auditChainHeads).where(eq(auditChainHeads.chain, chain)).for('update');
  return head;
}

/**
 * Locks (creating on first use) the head of `chain`. Must run inside a READ COMMITTED
 * transaction (the default): the lock is held until that transaction ends.
 */
export async function lockChainHead(tx: TTx, chain: string): Promise<TChainHead> {
  const existing = await selectHeadForUpdate(tx, chain);
  if (existing) return existing;
  // Two first writers may race here: ON CONFLICT DO NOTHING makes the loser wait for the
  // winner's insert to commit, and the SELECT that follows then locks the winner's row.
  await tx
    .insert(auditChainHeads)
    .values({ chain, seq: 0, hash: GENESIS_HASH, lastCheckpointSeq: 0, lastCheckpointAt: new Date() })
    .onConflictDoNothing({ target: auditChainHeads.chain });
  const head = await selectHeadForUpdate(tx, chain);
  if (!head) throw new Error(`audit chain head for "${chain}" could not be created`);
  return head;
}

/**
 * The heads of `chains` (a jsonb array), locked in one statement in byte order of the chain name
 * (COLLATE "C": the order of JavaScript's default sort, which lockChainHead's callers lock in),
 * so two writers never lock the same heads in opposite orders.
 */
const LOCK_HEADS: TPreparedStatement = {
  name: 'audit_lock_heads',
  text: `select chain, seq, hash, last_checkpoint_seq, last_checkpoint_at from audit_chain_heads
    where chain in (select jsonb_array_elements_text($1::jsonb))
    order by chain collate "C" for update`,
};

type THeadRow = { chain: string; seq: string | number; hash: string; last_checkpoint_seq: string | number; last_checkpoint_at: string | Date };

/**
 * Locks the heads of several chains with one statement, or returns null (having locked the
 * heads that exist) when some chain has no head yet: the caller then locks chain by chain with
 * lockChainHead, which creates the missing ones, in the same order.
 */
export async function lockChainHeads(tx: TTx, chains: readonly string[]): Promise<Map<string, TChainHead> | null> {
  const rows = await runPrepared<THeadRow>(tx, LOCK_HEADS, [JSON.stringify(chains)]);
  if (rows.length !== new Set(chains).size) return null;
  return new Map(rows.map((r) => [r.chain, {
    chain: r.chain, seq: Number(r.seq), hash: r.hash, lastCheckpointSeq: Number(r.last_checkpoint_seq), lastCheckpointAt: new Date(r.last_checkpoint_at),
  }]));
}
