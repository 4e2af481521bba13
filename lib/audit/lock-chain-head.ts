/**
 * The chain head row is the per-chain mutex: every append locks it (SELECT … FOR UPDATE) for
 * the rest of the caller's transaction, so concurrent writers queue up and each sees the
 * previous writer's seq and hash. That is what keeps seq gap-free and the chain unforked.
 */
import 'server-only';
import { eq } from 'drizzle-orm';
import { auditChainHeads } from '@/db/schema';
import type { TTx } from '@/db/types';
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
