/** The configured backup keys: the current one encrypts, it and the retired ones decrypt. */
import 'server-only';
import { env } from '@/lib/env';
import { BackupError } from './backup-error';
import type { TBackupKey } from './parse-backup-config';

export function currentBackupKey(): TBackupKey {
  const { key, missingKeyReason } = env().backup;
  if (!key) throw new BackupError(`Backups refuse to run: ${missingKeyReason ?? 'BACKUP_KEY is missing'}`);
  return key;
}

export function backupKeyring(): TBackupKey[] {
  const { key, retiredKeys } = env().backup;
  return key ? [key, ...retiredKeys] : retiredKeys;
}

/** The backup directory, and why backups cannot run on the embedded PGlite database. */
export function backupTarget(): { dir: string; databaseUrl: string } {
  const e = env();
  if (!e.databaseUrl) {
    throw new BackupError(
      'Backups need PostgreSQL: DATABASE_URL is not set, so Countersign runs on the embedded PGlite database (development only). ' +
        `pg_dump cannot read PGlite; to keep a copy of development data, stop the server and copy ${e.pgliteDir}. ` +
        'Set DATABASE_URL=postgres://… to back up a real database.',
    );
  }
  return { dir: e.backup.dir, databaseUrl: e.databaseUrl };
}
