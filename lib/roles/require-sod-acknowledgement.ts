/**
 * Separation of duties: a rule set that lets the same person both request and approve (or
 * submit and release) may be saved only with an explicit acknowledgement, which the audit
 * event records. The warnings come back as 422 issues on `acknowledgeSod` so the editor can
 * show them beside the checkbox.
 */
import type { TRoleRule } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { separationOfDutiesWarnings } from '@/lib/permissions/separation-of-duties';

/** `{ sodAcknowledged: true }` when there were warnings and they were acknowledged; `{}` when there were none. */
export function requireSodAcknowledgement(rules: readonly TRoleRule[], acknowledged: boolean): { sodAcknowledged?: true } {
  const warnings = separationOfDutiesWarnings(rules);
  if (warnings.length === 0) return {};
  if (acknowledged) return { sodAcknowledged: true };
  throw new AppError('VALIDATION', `Separation of duties: ${warnings.map((w) => w.message).join(' ')} Acknowledge the conflict to save anyway.`, {
    issues: warnings.map((w) => ({ path: 'acknowledgeSod', message: w.message })),
  });
}
