/**
 * Applies the retention policy to the backups in BACKUP_DIR: plans with selectBackupsToKeep,
 * and on `apply` deletes each expired backup's files and marks its catalogue row deleted,
 * with one audit event for the run (in the same transaction as the catalogue update).
 */
import 'server-only';
import { rm } from 'node:fs/promises';
import { and, eq, isNull } from 'drizzle-orm';
import { backups } from '@/db/schema';
import type { TDb } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import { listBackupFiles, listStalePartials } from './list-backup-files';
import { selectBackupsToKeep, type TRetentionPlan } from './select-backups-to-keep';

export type TPruneResult = { plan: TRetentionPlan; applied: boolean; stalePartials: string[] };

export async function planPrune(dir: string, now: Date): Promise<{ plan: TRetentionPlan; stalePartials: string[] }> {
  return { plan: selectBackupsToKeep(await listBackupFiles(dir), now), stalePartials: await listStalePartials(dir, now) };
}

export async function pruneBackups(db: TDb, input: { dir: string; now: Date; apply: boolean }): Promise<TPruneResult> {
  const files = await listBackupFiles(input.dir);
  const plan = selectBackupsToKeep(files, input.now);
  const stalePartials = await listStalePartials(input.dir, input.now);
  if (!input.apply) return { plan, applied: false, stalePartials };
  // Interrupted backups never became backups: their leftovers go without ceremony.
  for (const f of stalePartials) await rm(f, { force: true });
  if (plan.delete.length === 0) return { plan, applied: false, stalePartials };
  const byId = new Map(files.map((f) => [f.id, f]));
  // Manifest last: a half-deleted backup still shows up (and fails a rehearsal) rather than vanishing.
  for (const d of plan.delete) {
    const f = byId.get(d.id)!;
    await rm(f.filePath, { force: true });
    await rm(f.manifestPath, { force: true });
  }
  await db.transaction(async (tx) => {
    for (const d of plan.delete) {
      await tx
        .update(backups)
        .set({ deletedAt: input.now, deletedReason: `${d.reason}: ${d.detail}`.slice(0, 300) })
        .where(and(eq(backups.id, d.id), isNull(backups.deletedAt)));
    }
    await appendAuditEvent(tx, {
      action: 'backup.pruned',
      actor: { type: 'system' },
      target: { type: 'backup_directory', id: 'backups' },
      result: 'success',
      data: { deleted: plan.delete.map((d) => d.id), kept: plan.keep.length },
    });
  });
  return { plan, applied: true, stalePartials };
}
