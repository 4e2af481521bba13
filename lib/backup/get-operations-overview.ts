/**
 * What Settings → Operations shows administrators: the latest restore rehearsal and its
 * history, and the catalogued backups with size, age and retention class (what the next
 * prune keeps and why, or deletes). Needs `read Settings`.
 */
import 'server-only';
import { desc, isNull } from 'drizzle-orm';
import { backups, restoreRehearsals, type TRehearsalCheck } from '@/db/schema';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { authorize } from '@/lib/authz/authorize';
import { selectBackupsToKeep, type TRetentionClass } from './select-backups-to-keep';

export const REHEARSAL_HISTORY = 20;
export const BACKUP_LIST_LIMIT = 200;
/** A rehearsal older than this is flagged: restores are only trusted when practised. */
export const REHEARSAL_STALE_DAYS = 31;

export type TRehearsalView = {
  id: string;
  backupId: string | null;
  backupTakenAt: Date | null;
  startedAt: Date;
  outcome: 'passed' | 'failed';
  failedStep: string | null;
  message: string;
  rpoSeconds: number | null;
  rtoMs: number | null;
  totalMs: number;
  host: string;
  checks: TRehearsalCheck[];
};

export type TBackupView = {
  id: string;
  takenAt: Date;
  bytes: number;
  keyId: string;
  serverVersion: string;
  durationMs: number;
  retention: { keep: true; classes: TRetentionClass[] } | { keep: false; reason: string };
};

export type TOperationsOverview = {
  now: Date;
  latest: TRehearsalView | null;
  history: TRehearsalView[];
  rehearsalStale: boolean;
  backups: TBackupView[];
  totalBytes: number;
};

export async function getOperationsOverview(db: TDb, actor: TActor, now = new Date()): Promise<TOperationsOverview> {
  await authorize(db, actor, 'read', 'Settings');
  const history = await db
    .select({
      id: restoreRehearsals.id, backupId: restoreRehearsals.backupId, backupTakenAt: restoreRehearsals.backupTakenAt,
      startedAt: restoreRehearsals.startedAt, outcome: restoreRehearsals.outcome, failedStep: restoreRehearsals.failedStep,
      message: restoreRehearsals.message, rpoSeconds: restoreRehearsals.rpoSeconds, rtoMs: restoreRehearsals.rtoMs,
      totalMs: restoreRehearsals.totalMs, host: restoreRehearsals.host, checks: restoreRehearsals.checks,
    })
    .from(restoreRehearsals)
    .orderBy(desc(restoreRehearsals.startedAt))
    .limit(REHEARSAL_HISTORY);
  const rows = await db
    .select({
      id: backups.id, takenAt: backups.takenAt, bytes: backups.bytes, keyId: backups.keyId,
      serverVersion: backups.serverVersion, durationMs: backups.durationMs,
    })
    .from(backups)
    .where(isNull(backups.deletedAt))
    .orderBy(desc(backups.takenAt))
    .limit(BACKUP_LIST_LIMIT);
  const plan = selectBackupsToKeep(rows, now);
  const kept = new Map(plan.keep.map((k) => [k.id, k.reasons]));
  const dropped = new Map(plan.delete.map((d) => [d.id, d.detail]));
  const latest = history[0] ?? null;
  const lastPassed = history.find((h) => h.outcome === 'passed');
  return {
    now,
    latest,
    history,
    rehearsalStale: !lastPassed || now.getTime() - lastPassed.startedAt.getTime() > REHEARSAL_STALE_DAYS * 86_400_000,
    backups: rows.map((r) => ({
      ...r,
      retention: kept.has(r.id) ? { keep: true, classes: kept.get(r.id)! } : { keep: false, reason: dropped.get(r.id) ?? 'not kept' },
    })),
    totalBytes: rows.reduce((sum, r) => sum + r.bytes, 0),
  };
}
