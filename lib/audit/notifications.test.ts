import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listNotifications } from '@/lib/notifications/list-notifications';
import { notifyAdministrators } from '@/lib/notifications/notify-administrators';
import { createTestDb, type TTestDb } from '@/lib/testing/db';

let t: TTestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.dispose();
});

describe('administrator notifications', () => {
  it('are stored for the administrator audience and listed newest first, up to the limit', async () => {
    await t.db.transaction((tx) => notifyAdministrators(tx, { kind: 'a', severity: 'info', title: 'first', detail: { n: 1 } }));
    await new Promise((r) => setTimeout(r, 5));
    await t.db.transaction((tx) => notifyAdministrators(tx, { kind: 'b', severity: 'critical', title: 'second' }));
    const list = await listNotifications(t.db, 'administrator', 10);
    expect(list.map((n) => [n.title, n.audience, n.detail])).toEqual([
      ['second', 'administrator', {}],
      ['first', 'administrator', { n: 1 }],
    ]);
    expect(await listNotifications(t.db, 'administrator', 1)).toHaveLength(1);
    expect(await listNotifications(t.db, 'compliance', 10)).toEqual([]);
  });

  it("disappear with the caller's transaction when it rolls back", async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await notifyAdministrators(tx, { kind: 'c', severity: 'warning', title: 'rolled back' });
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');
    expect((await listNotifications(t.db, 'administrator', 50)).map((n) => n.title)).not.toContain('rolled back');
  });

  it('reject an unknown severity', async () => {
    await expect(
      t.db.transaction((tx) => notifyAdministrators(tx, { kind: 'd', severity: 'urgent' as 'info', title: 'x' })),
    ).rejects.toThrow();
  });
});
