/** "Verify integrity": streamed progress and result, audited runs, one alert per problem, refusals. */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents } from '@/db/schema';
import type { TActor } from '@/lib/auth/current-staff';
import { listNotifications } from '@/lib/notifications/list-notifications';
import { buildAbilityForRoles } from '@/lib/permissions/ability';
import { withFirstAdminDb, type TFirstAdmin } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { appendAuditEvent } from '../append-audit-event';
import { appendSampleEvents, withTriggersBypassed } from '../test-helpers';
import { streamAuditVerification, type TVerificationMessage } from './run-audit-verification';

let t: TTestDb;
let admin: TFirstAdmin;
withFirstAdminDb((ctx) => ({ t, admin } = ctx));

async function run(actor: TActor, chain: string): Promise<TVerificationMessage[]> {
  const stream = await streamAuditVerification(t.db, actor, { chain });
  const text = await new Response(stream).text();
  return text.trimEnd().split('\n').map((l) => JSON.parse(l) as TVerificationMessage);
}

const resultOf = (messages: TVerificationMessage[]) => {
  const last = messages.at(-1)!;
  if (last.type !== 'result') throw new Error(`no result: ${JSON.stringify(last)}`);
  return last.report;
};

describe('streamAuditVerification', () => {
  it('streams progress up to the total, then an intact result against the last signed checkpoint, and audits the run', async () => {
    // One transaction for the setup: 1010 separate commits are slow on a busy machine.
    await t.db.transaction(async (tx) => {
      for (let i = 0; i < 1010; i++) {
        await appendAuditEvent(tx, { chain: 'v1', action: 'auth.signed_out', actor: { type: 'staff', id: `staff-${i % 5}` }, result: 'success', data: {} });
      }
    });
    const messages = await run(admin.actor, 'v1');
    const progress = messages.filter((m) => m.type === 'progress');
    expect(progress.at(-1)).toEqual({ type: 'progress', checked: 1010, total: 1010 });
    expect(progress.length).toBeGreaterThanOrEqual(3);
    const report = resultOf(messages);
    expect(report).toMatchObject({ ok: true, checked: 1010, checkpoint: { seq: 1000 }, lastCheckpoint: { seq: 1000, verified: true }, alerted: false });
    const [audited] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'audit.verified'), eq(auditEvents.targetId, 'v1')));
    expect(audited).toMatchObject({ actorId: admin.staffId, result: 'success', data: { chain: 'v1', checked: 1010, ok: true } });
  }, 120_000);

  it('reports where and how a tampered chain broke and alerts administrators once per problem', async () => {
    await appendSampleEvents(t.db, 20, 'v2');
    await withTriggersBypassed(t, async (tx) => {
      await tx.update(auditEvents).set({ result: 'denied' }).where(and(eq(auditEvents.chain, 'v2'), eq(auditEvents.seq, 7)));
    });
    const first = resultOf(await run(admin.actor, 'v2'));
    expect(first).toMatchObject({ ok: false, checked: 6, problem: { seq: 7, kind: 'modified' }, alerted: true });
    const alerts = (await listNotifications(t.db, 'administrator', 50)).filter((n) => n.kind === 'audit.verification_failed' && n.title.includes('"v2"'));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.title).toContain('seq 7 (modified)');

    expect(resultOf(await run(admin.actor, 'v2'))).toMatchObject({ ok: false, alerted: false });
    const again = (await listNotifications(t.db, 'administrator', 50)).filter((n) => n.kind === 'audit.verification_failed' && n.title.includes('"v2"'));
    expect(again).toHaveLength(1);
  });

  it('refuses someone without verify AuditEvent before anything runs, and records the refusal', async () => {
    const noRoles: TActor = { ...admin.actor, roles: [], rules: [], ability: buildAbilityForRoles([], admin.actor.staff) };
    const before = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'audit.verified'));
    await expect(streamAuditVerification(t.db, noRoles, { chain: 'main' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'audit.verified'))).toHaveLength(before.length);
    const [denied] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'authz.denied')).orderBy(auditEvents.seq).then((r) => r.slice(-1));
    expect(denied!.data).toMatchObject({ action: 'verify', subject: 'AuditEvent' });
  });

  it('rejects a malformed chain name as a validation error', async () => {
    await expect(streamAuditVerification(t.db, admin.actor, { chain: 'Robert"); DROP' })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(streamAuditVerification(t.db, admin.actor, { chain: 'main', extra: 1 })).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});
