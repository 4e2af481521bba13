/**
 * Alerts administrators about a failed verification once per problem: the scheduled check and
 * every "Verify integrity" click find the same break again, and one alert per (chain, seq,
 * kind) is what a person needs. The check and the append run under the chain-head lock so two
 * concurrent verifications still alert once.
 */
import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { auditEvents } from '@/db/schema';
import type { TDb } from '@/db/types';
import { lockChainHead } from '../lock-chain-head';
import { recordVerificationFailure } from '../record-verification-failure';
import type { TVerifyAuditChainResult } from '../verify-audit-chain';

/** Records and alerts a failed result unless the same problem was already recorded; returns whether it alerted. */
export async function alertVerificationFailureOnce(db: TDb, result: TVerifyAuditChainResult): Promise<boolean> {
  const problem = result.problem;
  if (result.ok || !problem) return false;
  return db.transaction(async (tx) => {
    await lockChainHead(tx, result.chain);
    const [seen] = await tx
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.chain, result.chain),
          eq(auditEvents.action, 'audit.verification_failed'),
          sql`(${auditEvents.data}->>'seq')::bigint = ${problem.seq}`,
          sql`${auditEvents.data}->>'kind' = ${problem.kind}`,
        ),
      )
      .limit(1);
    if (seen) return false;
    await recordVerificationFailure(tx, result);
    return true;
  });
}
