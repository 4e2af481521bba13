/**
 * Stores a rehearsal report in the live database with its audit event, in one transaction;
 * a failed rehearsal also alerts administrators (a backup that cannot be restored is an
 * incident, not a log line).
 */
import 'server-only';
import { restoreRehearsals } from '@/db/schema';
import type { TDb } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import { notifyAdministrators } from '@/lib/notifications/notify-administrators';
import type { TRehearsalReport } from './rehearse-restore';

export async function recordRehearsal(db: TDb, report: TRehearsalReport): Promise<{ id: string }> {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(restoreRehearsals).values({ ...report, message: report.message.slice(0, 2000) }).returning({ id: restoreRehearsals.id });
    const id = row!.id;
    await appendAuditEvent(tx, {
      action: 'backup.restore_rehearsed',
      actor: { type: 'system' },
      target: { type: 'restore_rehearsal', id },
      result: report.outcome === 'passed' ? 'success' : 'failure',
      reason: report.failedStep ?? undefined,
      data: {
        rehearsalId: id,
        ...(report.backupId ? { backupId: report.backupId } : {}),
        outcome: report.outcome,
        ...(report.failedStep ? { failedStep: report.failedStep } : {}),
        ...(report.rpoSeconds !== null ? { rpoSeconds: report.rpoSeconds } : {}),
        ...(report.rtoMs !== null ? { rtoMs: report.rtoMs } : {}),
      },
    });
    if (report.outcome === 'failed') {
      await notifyAdministrators(tx, {
        kind: 'backup.restore_rehearsal_failed',
        severity: 'critical',
        title: `Restore rehearsal failed at ${report.failedStep}${report.backupId ? ` (backup ${report.backupId})` : ''}`,
        detail: { rehearsalId: id, backupId: report.backupId, failedStep: report.failedStep },
      });
    }
    return { id };
  });
}
