/**
 * A disaster-recovery rehearsal: take the newest backup in BACKUP_DIR, authenticate its
 * manifest, verify its checksum, decrypt it into pg_restore in a brand-new scratch database,
 * then check migrations, the audit chain up to the manifest's head, and row counts. Reports
 * RPO (age of the backup when the rehearsal started) and RTO (checksum + decrypt + restore
 * until the copy is usable). Never touches the live database's data; the scratch database is
 * dropped afterwards (kept only with `keep` and only when everything passed).
 */
import 'server-only';
import postgres from 'postgres';
import { openDatabase } from '@/db/client';
import type { TRehearsalCheck } from '@/db/schema';
import { BackupError, isBackupError } from './backup-error';
import type { TBackupManifest } from './backup-manifest';
import { checkAuditChains, checkMigrations, checkRowCounts } from './check-restored-database';
import { listBackupFiles, type TBackupFile } from './list-backup-files';
import type { TBackupKey } from './parse-backup-config';
import { restoreBackupInto } from './restore-backup-into';
import { createScratchDatabase, dropScratchDatabase, scratchDatabaseName, urlForDatabase } from './scratch-database';
import { readVerifiedManifest, verifyBackupChecksum } from './verify-backup-file';

export type TRehearsalReport = {
  backupId: string | null;
  backupTakenAt: Date | null;
  startedAt: Date;
  finishedAt: Date;
  outcome: 'passed' | 'failed';
  failedStep: string | null;
  message: string;
  rpoSeconds: number | null;
  rtoMs: number | null;
  totalMs: number;
  scratchDatabase: string | null;
  scratchKept: boolean;
  checks: TRehearsalCheck[];
  host: string;
};

export type TRehearseInput = { liveUrl: string; dir: string; keys: TBackupKey[]; keep?: boolean; backupId?: string; host: string; now?: () => Date };

class StepFailed extends Error {}

export async function rehearseRestore(input: TRehearseInput): Promise<TRehearsalReport> {
  const now = input.now ?? (() => new Date());
  const startedAt = now();
  const checks: TRehearsalCheck[] = [];
  let file: TBackupFile | undefined;
  let manifest: TBackupManifest | undefined;
  let scratch: string | null = null;
  let rtoMs: number | null = null;

  const step = async <T>(name: string, fn: () => Promise<T | { status: 'ok' | 'warn' | 'fail'; detail: string }>, okDetail = 'ok'): Promise<T> => {
    const t0 = performance.now();
    try {
      const out = await fn();
      const ms = Math.round(performance.now() - t0);
      const check = out && typeof out === 'object' && 'status' in out && 'detail' in out ? out : { status: 'ok' as const, detail: okDetail };
      checks.push({ name, status: check.status, detail: check.detail, ms });
      if (check.status === 'fail') throw new StepFailed(check.detail);
      return out as T;
    } catch (e) {
      if (e instanceof StepFailed) throw e;
      const detail = isBackupError(e) ? e.message : `${name} failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
      checks.push({ name, status: 'fail', detail, ms: Math.round(performance.now() - t0) });
      throw new StepFailed(detail);
    }
  };

  try {
    await step('find-backup', async () => {
      const files = await listBackupFiles(input.dir);
      file = input.backupId ? files.find((f) => f.id === input.backupId) : files[0];
      if (!file) throw new BackupError(input.backupId ? `backup ${input.backupId} is not in ${input.dir}` : `no backups in ${input.dir}: run npm run backup first`);
      return { status: 'ok', detail: `backup ${file.id} (${files.length} in ${input.dir})` };
    });
    const restoreStart = performance.now();
    manifest = await step('manifest', () => readVerifiedManifest(file!, input.keys), 'manifest authenticated with the backup key');
    await step('checksum', () => verifyBackupChecksum(file!, manifest!), `SHA-256 and size match the manifest`);
    scratch = scratchDatabaseName(now());
    const scratchUrl = urlForDatabase(input.liveUrl, scratch);
    await step('scratch-database', () => createScratchDatabase(input.liveUrl, scratch!), `created ${scratch}`);
    await step('restore', () => restoreBackupInto({ filePath: file!.filePath, manifest: manifest!, keys: input.keys, targetUrl: scratchUrl }), 'decrypted and restored with pg_restore in one transaction');
    rtoMs = Math.round(performance.now() - restoreStart);
    const sql = postgres(scratchUrl, { max: 2, onnotice: () => undefined });
    const handle = await openDatabase({ url: scratchUrl, max: 2 });
    try {
      await step('migrations', () => checkMigrations(sql, manifest!));
      await step('audit-chain', () => checkAuditChains(handle.db, sql, manifest!));
      await step('row-counts', () => checkRowCounts(sql, manifest!));
    } finally {
      await handle.close();
      await sql.end({ timeout: 5 });
    }
  } catch (e) {
    if (!(e instanceof StepFailed)) throw e;
  }

  let kept = false;
  if (scratch) {
    kept = Boolean(input.keep) && !checks.some((c) => c.status === 'fail');
    if (!kept) {
      await step('cleanup', () => dropScratchDatabase(input.liveUrl, scratch!), `dropped ${scratch}`).catch(() => undefined);
    }
  }
  const failed = checks.find((c) => c.status === 'fail') ?? null;
  const finishedAt = now();
  const rpoSeconds = manifest ? Math.max(0, Math.round((startedAt.getTime() - new Date(manifest.takenAt).getTime()) / 1000)) : null;
  const warnings = checks.filter((c) => c.status === 'warn').length;
  return {
    backupId: file?.id ?? null,
    backupTakenAt: manifest ? new Date(manifest.takenAt) : (file?.takenAt ?? null),
    startedAt,
    finishedAt,
    outcome: failed ? 'failed' : 'passed',
    failedStep: failed?.name ?? null,
    message: failed
      ? `Rehearsal FAILED at ${failed.name}: ${failed.detail}`
      : `Rehearsal passed: backup ${file!.id} restored into ${scratch}${kept ? ' (kept)' : ' (dropped)'}; RPO ${rpoSeconds} s, RTO ${rtoMs} ms${warnings ? `; ${warnings} warning(s)` : ''}`,
    rpoSeconds,
    rtoMs: failed ? null : rtoMs,
    totalMs: finishedAt.getTime() - startedAt.getTime(),
    scratchDatabase: scratch,
    scratchKept: kept,
    checks,
    host: input.host,
  };
}
