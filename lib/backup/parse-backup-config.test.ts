import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backupKeyFingerprint, parseBackupConfig } from './parse-backup-config';

const dev = { dataDir: '.data/x', productionLike: false, devSecret: () => 'a'.repeat(64) };
const prod = { ...dev, productionLike: true, devSecret: () => { throw new Error('no dev secrets in production'); } };

describe('backup configuration', () => {
  it('derives a stable development key from the dev secrets and defaults the directory under DATA_DIR', () => {
    const problems: string[] = [];
    const a = parseBackupConfig({}, dev, problems);
    const b = parseBackupConfig({}, dev, problems);
    expect(problems).toEqual([]);
    expect(a.dir).toBe('.data/x/backups');
    expect(a.key!.key.equals(b.key!.key)).toBe(true);
    expect(a.key!.id).toMatch(/^dev-[0-9a-f]{8}$/);
  });

  it('has no key in production without BACKUP_KEY, with a reason the backup commands print', () => {
    const problems: string[] = [];
    const cfg = parseBackupConfig({}, prod, problems);
    expect(cfg.key).toBeNull();
    expect(cfg.missingKeyReason).toMatch(/BACKUP_KEY is missing/);
  });

  it('uses BACKUP_KEY with its id, or a fingerprint id when none is given', () => {
    const key = randomBytes(32);
    const problems: string[] = [];
    expect(parseBackupConfig({ BACKUP_KEY: key.toString('base64'), BACKUP_KEY_ID: 'prod-2026' }, prod, problems).key).toEqual({ id: 'prod-2026', key });
    expect(parseBackupConfig({ BACKUP_KEY: key.toString('base64') }, prod, problems).key!.id).toBe(backupKeyFingerprint(key));
    expect(problems).toEqual([]);
  });

  it('rejects a key that is not exactly 32 bytes of base64, a bad key id and malformed retired keys', () => {
    const problems: string[] = [];
    parseBackupConfig({ BACKUP_KEY: randomBytes(16).toString('base64') }, prod, problems);
    parseBackupConfig({ BACKUP_KEY: 'not base64 at all!' }, prod, problems);
    parseBackupConfig({ BACKUP_KEY: randomBytes(32).toString('base64'), BACKUP_KEY_ID: 'has spaces' }, prod, problems);
    parseBackupConfig({ BACKUP_RETIRED_KEYS: 'nokey' }, prod, problems);
    expect(problems).toHaveLength(4);
    expect(problems[0]).toContain('BACKUP_KEY must be exactly 32 random bytes');
    expect(problems[2]).toContain('BACKUP_KEY_ID');
    expect(problems[3]).toContain('BACKUP_RETIRED_KEYS');
  });

  it('reads retired keys for decrypting older backups', () => {
    const old = randomBytes(32);
    const problems: string[] = [];
    const cfg = parseBackupConfig({ BACKUP_RETIRED_KEYS: `k2025:${old.toString('base64')}` }, dev, problems);
    expect(problems).toEqual([]);
    expect(cfg.retiredKeys).toEqual([{ id: 'k2025', key: old }]);
  });
});
