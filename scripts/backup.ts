/**
 * `npm run backup`: one encrypted pg_dump of the configured PostgreSQL database into
 * BACKUP_DIR (default .data/backups): `<id>.dump.enc` + `<id>.manifest.json`, catalogued in
 * the database and audited. Exits 1 with a clear message when it cannot (PGlite, no key,
 * pg_dump missing or too old, database unreachable). See docs/backups.md.
 */
import { openDatabase } from '@/db/client';
import { isBackupError } from '@/lib/backup/backup-error';
import { backupTarget, currentBackupKey } from '@/lib/backup/backup-keys';
import { createBackup } from '@/lib/backup/create-backup';
import { recordBackup } from '@/lib/backup/record-backup';

async function main(): Promise<number> {
  const { dir, databaseUrl } = backupTarget();
  const key = currentBackupKey();
  const { manifest, filePath } = await createBackup({ databaseUrl, dir, key });
  const handle = await openDatabase({ url: databaseUrl, max: 1 });
  try {
    await recordBackup(handle.db, manifest);
  } finally {
    await handle.close();
  }
  const heads = manifest.audit.map((a) => `${a.chain}@${a.seq}`).join(', ') || 'none';
  const rows = Object.values(manifest.rowCounts).reduce((a, b) => a + b, 0);
  console.log(
    `Backup ${manifest.id} written to ${filePath} (${manifest.ciphertext.bytes} bytes encrypted with key "${manifest.encryption.keyId}", ` +
      `${manifest.durationMs} ms; ${Object.keys(manifest.rowCounts).length} tables, ${rows} rows; audit heads ${heads}).`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : '';
    const message = isBackupError(err) ? err.message : `${err instanceof Error ? err.message.split('\n')[0] : String(err)}${cause}`;
    console.error(`backup failed: ${message}`);
    process.exit(1);
  },
);
