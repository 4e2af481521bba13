/**
 * What happens when verification fails: the failure itself goes into the audit log (appended
 * at the head, so it is chained after whatever was tampered with) and administrators are
 * alerted, in one transaction.
 */
import 'server-only';
import type { TTx } from '@/db/types';
import { notifyAdministrators } from '@/lib/notifications/notify-administrators';
import { appendAuditEvent, type TAppendedAuditEvent } from './append-audit-event';
import type { TVerifyAuditChainResult } from './verify-audit-chain';

export async function recordVerificationFailure(tx: TTx, result: TVerifyAuditChainResult): Promise<TAppendedAuditEvent | null> {
  if (result.ok || !result.problem) return null;
  const { seq, kind, detail } = result.problem;
  const appended = await appendAuditEvent(tx, {
    chain: result.chain,
    action: 'audit.verification_failed',
    actor: { type: 'system' },
    target: { type: 'audit_chain', id: result.chain },
    result: 'failure',
    reason: kind,
    data: { chain: result.chain, seq, kind, detail: detail.slice(0, 500) },
  });
  await notifyAdministrators(tx, {
    kind: 'audit.verification_failed',
    severity: 'critical',
    title: `Audit chain "${result.chain}" failed verification at seq ${seq} (${kind})`,
    detail: { chain: result.chain, seq, kind, detail },
  });
  return appended;
}
