import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, notificationReads } from '@/db/schema';
import type { TActor } from '@/lib/auth/current-staff';
import { auditCount, actorWithRules } from '@/lib/roles/role-test-helpers';
import { withFirstAdminDb, type TFirstAdmin } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { countMyUnreadNotifications, listMyNotifications } from './list-my-notifications';
import { markAllNotificationsRead, markNotificationRead } from './mark-notifications-read';
import { notifyAdministrators } from './notify-administrators';
import { notifyStaff } from './notify-staff';

let t: TTestDb;
let admin: TFirstAdmin;
withFirstAdminDb((ctx) => ({ t, admin } = ctx));

async function personal(to: TActor, title: string, href?: string): Promise<string> {
  const { ids } = await t.db.transaction((tx) => notifyStaff(tx, [to.staff.id], { kind: 'test', title, href }));
  return ids[0]!;
}

describe('my notifications', () => {
  it('lists what is addressed to me or to my roles, newest first, and nothing addressed to others', async () => {
    const reader = await actorWithRules(t.db, [{ action: 'read', subject: 'Transaction' }]);
    const other = await actorWithRules(t.db, [{ action: 'read', subject: 'Transaction' }]);
    await personal(reader, 'first for reader', '/approvals/x');
    await personal(other, 'for the other person');
    await t.db.transaction((tx) => notifyAdministrators(tx, { kind: 'alert', severity: 'warning', title: 'admins only' }));
    await new Promise((r) => setTimeout(r, 5));
    await personal(reader, 'second for reader');
    const page = await listMyNotifications(t.db, reader);
    expect(page.items.map((n) => [n.title, n.read, n.href])).toEqual([
      ['second for reader', false, null],
      ['first for reader', false, '/approvals/x'],
    ]);
    expect(await countMyUnreadNotifications(t.db, reader)).toBe(2);
    expect((await listMyNotifications(t.db, admin.actor)).items.map((n) => n.title)).toContain('admins only');
  });

  it('pages with an opaque cursor without repeating or skipping, and refuses a forged cursor', async () => {
    const p = await actorWithRules(t.db, []);
    for (let i = 0; i < 5; i++) await personal(p, `n${i}`);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listMyNotifications(t.db, p, { limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((n) => n.title));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.sort()).toEqual(['n0', 'n1', 'n2', 'n3', 'n4']);
    await expect(listMyNotifications(t.db, p, { cursor: 'bm90LWEtY3Vyc29y' })).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('refuses a link that leaves the console', async () => {
    const p = await actorWithRules(t.db, []);
    for (const href of ['https://evil.example/', '//evil.example/x', 'javascript:alert(1)']) {
      await expect(t.db.transaction((tx) => notifyStaff(tx, [p.staff.id], { kind: 'x', title: 'x', href }))).rejects.toThrow();
    }
  });
});

describe('marking notifications read', () => {
  it('marks one of mine read once, audited once; marking again changes and audits nothing', async () => {
    const p = await actorWithRules(t.db, []);
    const id = await personal(p, 'to read');
    const before = await auditCount(t.db, 'notification.marked_read');
    expect(await markNotificationRead(t.db, p, id)).toEqual({ changed: true });
    expect(await markNotificationRead(t.db, p, id)).toEqual({ changed: false });
    expect(await auditCount(t.db, 'notification.marked_read')).toBe(before + 1);
    expect(await countMyUnreadNotifications(t.db, p)).toBe(0);
    expect((await listMyNotifications(t.db, p, { filter: 'unread' })).items).toEqual([]);
  });

  it("refuses to mark someone else's notification (404, audited as a denial, nothing stored)", async () => {
    const owner = await actorWithRules(t.db, []);
    const intruder = await actorWithRules(t.db, []);
    const id = await personal(owner, 'private');
    const denials = await auditCount(t.db, 'authz.denied');
    await expect(markNotificationRead(t.db, intruder, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await t.db.select().from(notificationReads).where(eq(notificationReads.notificationId, id))).toEqual([]);
    expect(await auditCount(t.db, 'authz.denied')).toBe(denials + 1);
    expect(await countMyUnreadNotifications(t.db, owner)).toBe(1);
  });

  it('refuses a malformed id with a validation error', async () => {
    const p = await actorWithRules(t.db, []);
    await expect(markNotificationRead(t.db, p, "1' OR 1=1")).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it("marks all of mine read in one audited change and leaves other people's unread", async () => {
    const p = await actorWithRules(t.db, []);
    const other = await actorWithRules(t.db, []);
    await personal(p, 'a');
    await personal(p, 'b');
    await personal(other, 'c');
    expect(await markAllNotificationsRead(t.db, p)).toEqual({ count: 2 });
    expect(await markAllNotificationsRead(t.db, p)).toEqual({ count: 0 });
    expect(await countMyUnreadNotifications(t.db, p)).toBe(0);
    expect(await countMyUnreadNotifications(t.db, other)).toBe(1);
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.actorId, p.staff.id));
    expect(events.filter((e) => e.action === 'notification.marked_read').map((e) => e.data)).toEqual([{ scope: 'all', count: 2 }]);
  });
});
