import { describe, expect, it } from 'vitest';
import { backups, restoreRehearsals } from '@/db/schema';
import { actorWithRules, auditCount } from '@/lib/roles/role-test-helpers';
import { withFirstAdminDb, type TFirstAdmin } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { getOperationsOverview } from './get-operations-overview';

let t: TTestDb;
let admin: TFirstAdmin;
withFirstAdminDb((ctx) => ({ t, admin } = ctx));

const NOW = new Date('2026-11-23T12:00:00Z');

async function backup(id: string, takenAt: string, deletedAt: Date | null = null) {
  await t.db.insert(backups).values({
    id, fileName: `${id}.dump.enc`, takenAt: new Date(takenAt), bytes: 2048, sha256: 'b'.repeat(64), keyId: 'k1',
    serverVersion: '15.20', durationMs: 300, manifest: { secret: 'never shown' }, deletedAt,
  });
}

async function rehearsal(startedAt: string, outcome: 'passed' | 'failed') {
  await t.db.insert(restoreRehearsals).values({
    backupId: 'b-today', backupTakenAt: new Date('2026-11-23T02:00:00Z'), startedAt: new Date(startedAt), finishedAt: new Date(startedAt),
    outcome, failedStep: outcome === 'failed' ? 'checksum' : null, message: outcome, rpoSeconds: 3600, rtoMs: outcome === 'passed' ? 900 : null,
    totalMs: 1500, checks: [{ name: 'checksum', status: outcome === 'passed' ? 'ok' : 'fail', detail: 'x', ms: 4 }], host: 'ci',
  });
}

describe('Settings → Operations overview', () => {
  it('is empty and flags the missing rehearsal before anything ran', async () => {
    const o = await getOperationsOverview(t.db, admin.actor, NOW);
    expect(o).toMatchObject({ latest: null, history: [], backups: [], rehearsalStale: true, totalBytes: 0 });
  });

  it('shows the latest rehearsal first, the history, and backups with their retention class', async () => {
    await backup('b-today', '2026-11-23T02:00:00Z');
    await backup('b-today-early', '2026-11-23T01:00:00Z');
    await backup('b-old-monday', '2026-05-11T02:00:00Z');
    await backup('b-gone', '2026-11-20T02:00:00Z', new Date());
    await rehearsal('2026-11-22T03:00:00Z', 'failed');
    await rehearsal('2026-11-23T03:00:00Z', 'passed');
    const o = await getOperationsOverview(t.db, admin.actor, NOW);
    expect(o.latest).toMatchObject({ outcome: 'passed', rtoMs: 900, rpoSeconds: 3600 });
    expect(o.history.map((h) => h.outcome)).toEqual(['passed', 'failed']);
    expect(o.rehearsalStale).toBe(false);
    expect(o.backups.map((b) => [b.id, b.retention])).toEqual([
      ['b-today', { keep: true, classes: ['daily', 'weekly'] }],
      ['b-today-early', { keep: false, reason: 'a newer backup of 2026-11-23 (UTC) is kept' }],
      ['b-old-monday', { keep: true, classes: ['weekly'] }],
    ]);
    expect(o.totalBytes).toBe(3 * 2048);
    expect(o.backups[0]).not.toHaveProperty('manifest');
  });

  it('flags a rehearsal older than 31 days as stale', async () => {
    const o = await getOperationsOverview(t.db, admin.actor, new Date('2027-01-10T00:00:00Z'));
    expect(o.rehearsalStale).toBe(true);
  });

  it('refuses people without Settings access (403, audited) and reveals nothing', async () => {
    const auditor = await actorWithRules(t.db, [{ action: ['read', 'export', 'verify'], subject: 'AuditEvent' }]);
    const before = await auditCount(t.db, 'authz.denied');
    await expect(getOperationsOverview(t.db, auditor, NOW)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await auditCount(t.db, 'authz.denied')).toBe(before + 1);
  });

  it('allows a custom role that may read Settings', async () => {
    const reader = await actorWithRules(t.db, [{ action: 'read', subject: 'Settings' }]);
    const o = await getOperationsOverview(t.db, reader, NOW);
    expect(o.latest?.outcome).toBe('passed');
  });
});
