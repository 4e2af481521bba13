/**
 * `audit.prune`: retention pruning of the audit log (docs/audit.md "Retention"). The only way
 * to delete audit events: two administrators approve, then the executor deletes the events
 * older than the cut through audit_prune_before() in the approval's transaction, leaving a
 * signed checkpoint at the cut and an `audit.pruned` marker so the rest still verifies.
 */
import { z } from 'zod';
import { AUDIT_MIN_RETENTION_DAYS, parsePrunePayload, pruneAuditEvents } from '@/lib/audit/prune-audit-events';
import { defineActionType } from '../action-type';
import { singleStepPolicy } from '../policy-schema';

export const ZAuditPruneActionPayload = z.strictObject({
  /** ISO-8601 date-time: events that occurred before it are deleted. */
  before: z.iso.datetime({ offset: true }),
  chain: z.string().regex(/^[a-z0-9][a-z0-9_.:-]{0,63}$/),
});

export const auditPrune = defineActionType({
  key: 'audit.prune',
  label: 'Prune audit events older than the retention period',
  payloadSchema: ZAuditPruneActionPayload,
  // The summary is rendered from the payload alone and requesting needs no record-level check.
  editablePayload: true,
  defaultPolicy: singleStepPolicy('administrator', 2, 'Two administrators'),
  // Retention is an operational setting; only people who may change settings may ask.
  requestPermission: { action: 'update', subject: 'Settings' },
  summarize: (p) =>
    `Permanently delete every audit event of chain "${p.chain}" that occurred before ${p.before} (at least ${AUDIT_MIN_RETENTION_DAYS} days old); a signed checkpoint at the cut keeps the rest verifiable.`,
  // Refuses at request time what execution would refuse (a cut inside the retention period).
  validateRequest: async (_tx, p) => void parsePrunePayload(p),
  execute: async (tx, p, ctx) => {
    const result = await pruneAuditEvents(tx, p, {
      actor: { type: 'staff', id: ctx.executedBy },
      meta: ctx.meta,
      approvalRequestId: ctx.requestId,
    });
    return { chain: result.chain, cutSeq: result.cutSeq, deleted: result.deleted };
  },
});
