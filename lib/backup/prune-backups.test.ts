import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { desc, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, backups } from '@/db/schema';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { planPrune, pruneBackups } from './prune-backups';

let t: TTestDb;
let dir: string;
const NOW = new Date('2026-11-23T12:00:00Z');
const IDS = {
  today: '20261123T020000Z-00000001',
  todayEarlier: '20261123T010000Z-00000002',
  oldMonday: '20260511T020000Z-00000003',
  oldTuesday: '20260512T020000Z-00000004',
  firstOfMonth: '20250101T020000Z-00000005',
  ancient: '20200102T020000Z-00000006',
};

beforeAll(async () => {
  t = await createTestDb();
  dir = mkdtempSync(path.join(tmpdir(), 'cs-prune-'));
  for (const id of Object.values(IDS)) {
    writeFileSync(path.join(dir, `${id}.dump.enc`), 'x');
    writeFileSync(path.join(dir, `${id}.manifest.json`), '{}');
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})/.exec(id)!;
    await t.db.insert(backups).values({
      id, fileName: `${id}.dump.enc`, takenAt: new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:00:00Z`), bytes: 1, sha256: 'a'.repeat(64),
      keyId: 'k', serverVersion: '15', durationMs: 1, manifest: {},
    });
  }
  writeFileSync(path.join(dir, 'notes.txt'), 'operators may keep other files here');
  // An interrupted backup two days old (stale) and one still being written (fresh).
  const stale = path.join(dir, `${IDS.ancient.replace('2020', '2019')}.dump.enc.partial`);
  writeFileSync(stale, 'partial');
  utimesSync(stale, new Date(NOW.getTime() - 2 * 86_400_000), new Date(NOW.getTime() - 2 * 86_400_000));
  writeFileSync(path.join(dir, `${IDS.today.replace('T02', 'T11')}.dump.enc.partial`), 'in progress');
});
afterAll(async () => {
  await t?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('backup pruning', () => {
  it('plans without deleting anything (dry run)', async () => {
    const { plan, stalePartials } = await planPrune(dir, NOW);
    expect(stalePartials).toEqual([path.join(dir, `${IDS.ancient.replace('2020', '2019')}.dump.enc.partial`)]);
    expect(plan.keep.map((k) => k.id).sort()).toEqual([IDS.firstOfMonth, IDS.oldMonday, IDS.today].sort());
    expect(plan.delete.map((d) => d.id).sort()).toEqual([IDS.ancient, IDS.oldTuesday, IDS.todayEarlier].sort());
    expect(readdirSync(dir)).toHaveLength(15);
    const result = await pruneBackups(t.db, { dir, now: NOW, apply: false });
    expect(result.applied).toBe(false);
    expect(readdirSync(dir)).toHaveLength(15);
  });

  it('with apply deletes exactly the planned backups, marks them in the catalogue and audits the run', async () => {
    const { applied, plan } = await pruneBackups(t.db, { dir, now: NOW, apply: true });
    expect(applied).toBe(true);
    const left = readdirSync(dir).sort();
    expect(left).toEqual(
      ['notes.txt', `${IDS.today.replace('T02', 'T11')}.dump.enc.partial`, ...[IDS.firstOfMonth, IDS.oldMonday, IDS.today].flatMap((id) => [`${id}.dump.enc`, `${id}.manifest.json`])].sort(),
    );
    const deleted = await t.db.select().from(backups).where(isNotNull(backups.deletedAt));
    expect(deleted.map((d) => d.id).sort()).toEqual(plan.delete.map((d) => d.id).sort());
    expect(deleted.find((d) => d.id === IDS.todayEarlier)?.deletedReason).toMatch(/^superseded: /);
    const [event] = await t.db.select().from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1);
    expect(event).toMatchObject({ action: 'backup.pruned', actorType: 'system', data: { deleted: plan.delete.map((d) => d.id), kept: 3 } });
  });

  it('is a no-op the second time (no audit event when nothing is deleted)', async () => {
    const before = await t.db.select().from(auditEvents);
    const { applied, plan } = await pruneBackups(t.db, { dir, now: NOW, apply: true });
    expect(applied).toBe(false);
    expect(plan.delete).toEqual([]);
    expect(await t.db.select().from(auditEvents)).toHaveLength(before.length);
  });
});

describe('npm run backup without PostgreSQL', () => {
  it('exits 1 and explains that backups need PostgreSQL (PGlite development mode)', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, APP_ENV: 'test' };
    delete env.DATABASE_URL;
    const r = spawnSync('npm', ['run', '-s', 'backup'], { env, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('backup failed: Backups need PostgreSQL: DATABASE_URL is not set');
  });
});
