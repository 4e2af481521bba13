/** Catalogues a finished backup in the live database, with its audit event, in one transaction. */
import 'server-only';
import { backups } from '@/db/schema';
import type { TDb } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import type { TBackupManifest } from './backup-manifest';

export async function recordBackup(db: TDb, manifest: TBackupManifest): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(backups).values({
      id: manifest.id,
      fileName: manifest.file,
      takenAt: new Date(manifest.takenAt),
      bytes: manifest.ciphertext.bytes,
      sha256: manifest.ciphertext.sha256,
      keyId: manifest.encryption.keyId,
      serverVersion: manifest.database.serverVersion,
      durationMs: manifest.durationMs,
      manifest: manifest as unknown as Record<string, unknown>,
    });
    await appendAuditEvent(tx, {
      action: 'backup.created',
      actor: { type: 'system' },
      target: { type: 'backup', id: manifest.id },
      result: 'success',
      data: {
        backupId: manifest.id,
        bytes: manifest.ciphertext.bytes,
        sha256: manifest.ciphertext.sha256,
        keyId: manifest.encryption.keyId,
        durationMs: manifest.durationMs,
      },
    });
  });
}
