/**
 * Backup → restore rehearsal end to end on a real PostgreSQL test database (this is the CI
 * rehearsal): the npm commands as an operator runs them, then every way a backup can be bad.
 */
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { desc, eq } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, backups, notifications, restoreRehearsals } from '@/db/schema';
import { appendSampleEvents } from '@/lib/audit/test-helpers';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { signManifest, verifyManifest, type TBackupManifest } from './backup-manifest';
import { backupKeyring, currentBackupKey } from './backup-keys';
import { createBackup, type TCreatedBackup } from './create-backup';
import { listBackupFiles } from './list-backup-files';
import { rehearseRestore } from './rehearse-restore';
import { restoreBackupInto } from './restore-backup-into';
import { createScratchDatabase, dropScratchDatabase, scratchDatabaseName, urlForDatabase } from './scratch-database';
import { backupSkipReason, runNpmScript } from './testing/backup-test-env';

const skipReason = await backupSkipReason();
let t: TTestDb;
let dir: string;
let admin: postgres.Sql;
/** Scratch databases left by an earlier, interrupted run are not this run's concern. */
let preexisting: string[] = [];

async function scratchDatabases(): Promise<string[]> {
  const rows = await admin<{ datname: string }[]>`select datname from pg_database where datname like 'cs_rehearsal_%'`;
  return rows.map((r) => r.datname).filter((n) => !preexisting.includes(n));
}

async function liveDigest(): Promise<string> {
  const [row] = await admin.unsafe<{ d: string }[]>(
    `select (select count(*) from audit_events)::text || '/' || (select count(*) from backups)::text || '/' || (select count(*) from notifications)::text as d`,
  );
  return row!.d;
}

/** A fresh backup in its own directory, so corrupting it leaves the others alone. */
async function freshBackup(): Promise<TCreatedBackup & { dir: string }> {
  const own = mkdtempSync(path.join(dir, 'case-'));
  return { ...(await createBackup({ databaseUrl: t.url!, dir: own, key: currentBackupKey(), chunkSize: 4096 })), dir: own };
}

function rehearse(backupDir: string, extra: { keep?: boolean } = {}) {
  return rehearseRestore({ liveUrl: t.url!, dir: backupDir, keys: backupKeyring(), host: 'test', ...extra });
}

describe.skipIf(skipReason)('backup and restore rehearsal on PostgreSQL', () => {
  beforeAll(async () => {
    t = await createTestDb();
    dir = mkdtempSync(path.join(tmpdir(), 'cs-backups-'));
    admin = postgres(t.url!, { max: 1, onnotice: () => undefined });
    preexisting = await scratchDatabases();
    await appendSampleEvents(t.db, 30);
    await t.db.insert(notifications).values({ audience: 'administrator', kind: 'test', severity: 'info', title: 'before backup' });
  });
  afterAll(async () => {
    await admin?.end({ timeout: 5 });
    await t?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('npm run backup writes an encrypted dump and an authenticated manifest, catalogued and audited', async () => {
    const r = runNpmScript('backup', [], { databaseUrl: t.url!, backupDir: dir });
    expect(r.out).toMatch(/Backup \d{8}T\d{6}Z-[0-9a-f]{8} written/);
    expect(r.status).toBe(0);
    const [file] = await listBackupFiles(dir);
    const manifest = verifyManifest(JSON.parse(readFileSync(file!.manifestPath, 'utf8')), backupKeyring());
    expect(manifest.audit).toEqual([{ chain: 'main', seq: 30, hash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(manifest.rowCounts.audit_events).toBe(30);
    expect(manifest.rowCounts.notifications).toBe(1);
    expect(manifest.database.serverVersion).toMatch(/^\d+\.\d+/);
    expect(manifest.pgDump.version).toMatch(/pg_dump \(PostgreSQL\) \d+/);
    // Encrypted at rest: no pg_dump magic, no table data in clear.
    const bytes = readFileSync(file!.filePath);
    expect(bytes.subarray(0, 4).toString()).toBe('CSBK');
    expect(bytes.includes(Buffer.from('PGDMP'))).toBe(false);
    expect(bytes.includes(Buffer.from('before backup'))).toBe(false);
    const [row] = await t.db.select().from(backups).where(eq(backups.id, manifest.id));
    expect(row).toMatchObject({ bytes: bytes.length, sha256: manifest.ciphertext.sha256 });
    const [event] = await t.db.select().from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1);
    expect(event).toMatchObject({ action: 'backup.created', targetId: manifest.id, actorType: 'system' });
  });

  it('npm run restore:rehearse restores the newest backup into a scratch database, passes every check, stores the report and drops the scratch', async () => {
    const before = await scratchDatabases();
    const r = runNpmScript('restore:rehearse', [], { databaseUrl: t.url!, backupDir: dir });
    expect(r.out).toContain('Rehearsal passed');
    expect(r.status).toBe(0);
    const [report] = await t.db.select().from(restoreRehearsals).orderBy(desc(restoreRehearsals.startedAt)).limit(1);
    expect(report).toMatchObject({ outcome: 'passed', failedStep: null, scratchKept: false });
    expect(report!.checks.map((c) => [c.name, c.status])).toEqual([
      ['find-backup', 'ok'], ['manifest', 'ok'], ['checksum', 'ok'], ['scratch-database', 'ok'], ['restore', 'ok'],
      ['migrations', 'ok'], ['audit-chain', 'ok'], ['row-counts', 'ok'], ['cleanup', 'ok'],
    ]);
    expect(report!.checks.find((c) => c.name === 'audit-chain')!.detail).toContain('main to seq 30');
    expect(report!.rpoSeconds).toBeGreaterThanOrEqual(0);
    expect(report!.rtoMs).toBeGreaterThan(0);
    expect(await scratchDatabases()).toEqual(before);
    const [event] = await t.db.select().from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1);
    expect(event).toMatchObject({ action: 'backup.restore_rehearsed', result: 'success', targetId: report!.id });
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('keeps the scratch database with --keep when the rehearsal passed', async () => {
    const report = await rehearse(dir, { keep: true });
    expect(report.outcome).toBe('passed');
    expect(await scratchDatabases()).toContain(report.scratchDatabase);
    const restored = postgres(urlForDatabase(t.url!, report.scratchDatabase!), { max: 1, onnotice: () => undefined });
    const [row] = await restored<{ n: string }[]>`select count(*)::text as n from audit_events`;
    await restored.end();
    expect(Number(row!.n)).toBe(30);
    await dropScratchDatabase(t.url!, report.scratchDatabase!);
  });

  it('describes exactly the dumped snapshot even while audit events are appended during the dump', async () => {
    const [backup] = await Promise.all([freshBackup(), appendSampleEvents(t.db, 15)]);
    const report = await rehearse(backup.dir);
    expect(report.outcome, report.message).toBe('passed');
  });

  it('fails at the checksum on a flipped byte: exit 1, clear message, scratch never created, live data untouched', async () => {
    const backup = await freshBackup();
    const bytes = readFileSync(backup.filePath);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    writeFileSync(backup.filePath, bytes);
    const live = await liveDigest();
    const r = runNpmScript('restore:rehearse', [], { databaseUrl: t.url!, backupDir: backup.dir });
    expect(r.status).toBe(1);
    expect(r.out).toContain('Rehearsal FAILED at checksum');
    expect(r.out).toContain('SHA-256 checksum mismatch: the file is corrupted or was altered');
    expect(await scratchDatabases()).toEqual([]);
    const [report] = await t.db.select().from(restoreRehearsals).orderBy(desc(restoreRehearsals.startedAt)).limit(1);
    expect(report).toMatchObject({ outcome: 'failed', failedStep: 'checksum', scratchDatabase: null, rtoMs: null });
    const [alert] = await t.db.select().from(notifications).where(eq(notifications.kind, 'backup.restore_rehearsal_failed'));
    expect(alert?.severity).toBe('critical');
    // Only the report, its audit event and the alert were added to the live database.
    const [a, b, n] = live.split('/').map(Number);
    expect(await liveDigest()).toBe(`${a! + 1}/${b}/${n! + 1}`);
  });

  it('fails on a truncated file', async () => {
    const backup = await freshBackup();
    truncateSync(backup.filePath, backup.manifest.ciphertext.bytes - 100);
    const report = await rehearse(backup.dir);
    expect(report).toMatchObject({ outcome: 'failed', failedStep: 'checksum', scratchDatabase: null });
    expect(report.message).toMatch(/truncated or was altered/);
  });

  it('fails with a wrong key (same key id) and with a key id that is not configured', async () => {
    const backup = await freshBackup();
    const wrong = [{ id: currentBackupKey().id, key: Buffer.alloc(32, 7) }];
    const report = await rehearseRestore({ liveUrl: t.url!, dir: backup.dir, keys: wrong, host: 'test' });
    expect(report).toMatchObject({ outcome: 'failed', failedStep: 'manifest' });
    expect(report.message).toContain('wrong backup key');
    const other = await rehearseRestore({ liveUrl: t.url!, dir: backup.dir, keys: [{ id: 'other', key: Buffer.alloc(32, 7) }], host: 'test' });
    expect(other.message).toMatch(/made with key "[^"]+", which is not configured/);
    expect(await scratchDatabases()).toEqual([]);
  });

  it('fails when the manifest was edited (row counts or checksum rewritten without the key)', async () => {
    const backup = await freshBackup();
    const edited = { ...backup.manifest, rowCounts: { ...backup.manifest.rowCounts, audit_events: 1 } };
    writeFileSync(backup.manifestPath, JSON.stringify(edited));
    const report = await rehearse(backup.dir);
    expect(report).toMatchObject({ outcome: 'failed', failedStep: 'manifest' });
    expect(report.message).toContain('the manifest failed authentication');
  });

  it('fails at the audit chain when the restored head is not the manifest head, and drops the scratch database', async () => {
    const backup = await freshBackup();
    const { mac: _mac, ...body } = backup.manifest;
    const lying: TBackupManifest = signManifest({ ...body, audit: body.audit.map((a) => ({ ...a, seq: a.seq + 1 })) }, currentBackupKey());
    writeFileSync(backup.manifestPath, JSON.stringify(lying));
    const report = await rehearse(backup.dir, { keep: true });
    expect(report).toMatchObject({ outcome: 'failed', failedStep: 'audit-chain', scratchKept: false });
    expect(report.message).toMatch(/but the manifest's head is seq/);
    expect(await scratchDatabases()).toEqual([]);
  });

  it('fails at the row counts when a table differs from the manifest', async () => {
    const backup = await freshBackup();
    const { mac: _mac, ...body } = backup.manifest;
    writeFileSync(backup.manifestPath, JSON.stringify(signManifest({ ...body, rowCounts: { ...body.rowCounts, notifications: 99 } }, currentBackupKey())));
    const report = await rehearse(backup.dir);
    expect(report).toMatchObject({ outcome: 'failed', failedStep: 'row-counts' });
    expect(report.message).toMatch(/notifications: \d+ rows, expected 99/);
  });

  it('restores nothing when decryption fails part-way (chunk altered after the checksum was taken)', async () => {
    const backup = await freshBackup();
    const bytes = readFileSync(backup.filePath);
    bytes[bytes.length - 30]! ^= 0x01; // inside the last chunk: earlier chunks already reached pg_restore
    writeFileSync(backup.filePath, bytes);
    const name = scratchDatabaseName(new Date());
    await createScratchDatabase(t.url!, name);
    try {
      await expect(restoreBackupInto({ filePath: backup.filePath, manifest: backup.manifest, keys: backupKeyring(), targetUrl: urlForDatabase(t.url!, name) }))
        .rejects.toThrow(/decryption failed, nothing was restored: chunk \d+ failed authentication/);
      const scratch = postgres(urlForDatabase(t.url!, name), { max: 1, onnotice: () => undefined });
      const [row] = await scratch<{ n: string }[]>`select count(*)::text as n from information_schema.tables where table_schema = 'public'`;
      await scratch.end();
      expect(Number(row!.n)).toBe(0);
    } finally {
      await dropScratchDatabase(t.url!, name);
    }
  });

  it('refuses to use the live database or a non-scratch name as the restore target', async () => {
    const live = new URL(t.url!).pathname.slice(1);
    await expect(createScratchDatabase(t.url!, live)).rejects.toThrow(/refusing to use/);
    await expect(dropScratchDatabase(t.url!, live)).rejects.toThrow(/refusing to use/);
    const [row] = await admin<{ n: string }[]>`select count(*)::text as n from audit_events`;
    expect(Number(row!.n)).toBeGreaterThan(0);
  });

  it('reports a clear failure when the backup directory is empty', async () => {
    const empty = mkdtempSync(path.join(dir, 'empty-'));
    const report = await rehearse(empty);
    expect(report).toMatchObject({ outcome: 'failed', failedStep: 'find-backup', backupId: null });
    expect(report.message).toContain('no backups in');
  });
});

describe.runIf(skipReason)('backup and restore rehearsal', () => {
  it(`is skipped here: ${skipReason}`, () => {
    expect(skipReason).toBeTruthy();
  });
});
