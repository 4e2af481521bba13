/** Every chain that has a head or events, so a full verification misses none (a deleted head included). */
import 'server-only';
import { auditChainHeads, auditEvents } from '@/db/schema';
import type { TDbOrTx } from '@/db/types';

export async function listAuditChains(db: TDbOrTx): Promise<string[]> {
  const heads = await db.select({ chain: auditChainHeads.chain }).from(auditChainHeads);
  const events = await db.selectDistinct({ chain: auditEvents.chain }).from(auditEvents);
  return [...new Set([...heads, ...events].map((r) => r.chain))].sort();
}
