/**
 * Backup configuration (called by lib/env.ts, the only reader of process.env): the AES-256
 * key that encrypts backups, its id, retired keys kept for reading older backups, and the
 * backup directory. Development/test derive a key from the dev secrets file so backups work
 * out of the box; staging/production have no default, and the backup commands refuse to run
 * without BACKUP_KEY (the web app itself never needs it, so it may start without it).
 */
import { createHash, hkdfSync } from 'node:crypto';

export type TBackupKey = { id: string; key: Buffer };
export type TBackupConfig = {
  dir: string;
  /** null in staging/production when BACKUP_KEY is unset: the backup commands refuse with `missingKeyReason`. */
  key: TBackupKey | null;
  retiredKeys: TBackupKey[];
  missingKeyReason: string | null;
};

const KEY_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** A key id that names the key without revealing it: first 16 hex digits of SHA-256 over the key. */
export function backupKeyFingerprint(key: Buffer): string {
  return `k${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

function decodeKey(b64: string, name: string, problems: string[]): Buffer | null {
  const key = Buffer.from(b64.trim(), 'base64');
  if (key.length !== 32 || key.toString('base64') !== b64.trim()) {
    problems.push(`${name} must be exactly 32 random bytes in base64 (\`openssl rand -base64 32\`)`);
    return null;
  }
  return key;
}

export function parseBackupConfig(
  raw: { BACKUP_KEY?: string; BACKUP_KEY_ID?: string; BACKUP_RETIRED_KEYS?: string; BACKUP_DIR?: string },
  ctx: { dataDir: string; productionLike: boolean; devSecret: () => string },
  problems: string[],
): TBackupConfig {
  const dir = raw.BACKUP_DIR ?? `${ctx.dataDir}/backups`;
  if (raw.BACKUP_KEY_ID !== undefined && !KEY_ID.test(raw.BACKUP_KEY_ID)) {
    problems.push('BACKUP_KEY_ID must be 1-64 characters of A-Z a-z 0-9 . _ : -');
  }
  const retiredKeys: TBackupKey[] = [];
  for (const entry of (raw.BACKUP_RETIRED_KEYS ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const at = entry.indexOf(':');
    const id = at > 0 ? entry.slice(0, at) : '';
    const key = at > 0 ? decodeKey(entry.slice(at + 1), `BACKUP_RETIRED_KEYS entry "${id}"`, problems) : null;
    if (!KEY_ID.test(id)) problems.push('BACKUP_RETIRED_KEYS must be a comma-separated list of <key id>:<base64 key>');
    else if (key) retiredKeys.push({ id, key });
  }
  if (raw.BACKUP_KEY) {
    const key = decodeKey(raw.BACKUP_KEY, 'BACKUP_KEY', problems);
    const id = raw.BACKUP_KEY_ID ?? (key ? backupKeyFingerprint(key) : '');
    return { dir, key: key ? { id, key } : null, retiredKeys, missingKeyReason: key ? null : 'BACKUP_KEY is invalid' };
  }
  if (ctx.productionLike) {
    return { dir, key: null, retiredKeys, missingKeyReason: 'BACKUP_KEY is missing: set 32 random bytes in base64 (`openssl rand -base64 32`) and BACKUP_KEY_ID' };
  }
  // Development/test: derived from the dev session secret (kept in DATA_DIR/secrets.json, mode 0600).
  const key = Buffer.from(hkdfSync('sha256', ctx.devSecret(), Buffer.alloc(0), 'countersign dev backup key v1', 32));
  return { dir, key: { id: raw.BACKUP_KEY_ID ?? `dev-${backupKeyFingerprint(key).slice(1, 9)}`, key }, retiredKeys, missingKeyReason: null };
}
