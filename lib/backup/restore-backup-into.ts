/**
 * Streams a backup file through the authenticated decryptor into `pg_restore` for a given
 * (scratch) database, in one transaction: a decryption failure part-way kills pg_restore and
 * nothing is committed. Also the building block for a real restore (docs/backups.md).
 */
import 'server-only';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { BackupError, isBackupError } from './backup-error';
import type { TBackupManifest } from './backup-manifest';
import { createDecryptStream } from './encrypt-stream';
import type { TBackupKey } from './parse-backup-config';
import { findPgTool, pgEnvFromUrl, spawnPgTool } from './pg-tools';

export async function restoreBackupInto(input: { filePath: string; manifest: TBackupManifest; keys: TBackupKey[]; targetUrl: string }): Promise<void> {
  const dumpMajor = Number(/(\d+)/.exec(input.manifest.pgDump.version.replace(/^[^\d]*/, ''))?.[1] ?? 0);
  const serverMajor = Math.floor(input.manifest.database.serverVersionNum / 10_000);
  const tool = await findPgTool('pg_restore', Math.max(dumpMajor, serverMajor));
  const env = pgEnvFromUrl(input.targetUrl);
  // Only the database name on the command line; host, user and password travel in PG* variables.
  const args = ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', '--no-password', `--dbname=${env.PGDATABASE}`];
  const { child, done } = spawnPgTool(tool, args, env);
  child.stdout.resume();
  // EPIPE on stdin when pg_restore exits early is reported through its exit code instead.
  child.stdin.on('error', () => undefined);
  const feed = pipeline(createReadStream(input.filePath), createDecryptStream(input.keys), child.stdin);
  const [fed, exited] = await Promise.allSettled([
    feed.catch((e: unknown) => {
      child.kill('SIGTERM');
      throw e;
    }),
    done,
  ]);
  if (fed.status === 'rejected' && isBackupError(fed.reason)) {
    throw new BackupError(`decryption failed, nothing was restored: ${(fed.reason as Error).message}`);
  }
  if (exited.status === 'rejected') throw new BackupError(`pg_restore could not start: ${(exited.reason as Error).message}`);
  if (exited.value.code !== 0) throw new BackupError(`pg_restore failed (exit ${exited.value.code}): ${exited.value.stderr || 'no message'}`);
  if (fed.status === 'rejected') throw new BackupError(`reading the backup failed: ${(fed.reason as Error).message}`);
}
