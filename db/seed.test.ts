import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staff } from '@/db/schema';
import { issueSetupLinkIfNeeded } from '@/lib/auth/setup-link';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { seedBuiltInRoles, seedDemoStaff } from './seed';

let t: TTestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.dispose());

describe('seed', () => {
  it('adds the five built-in roles and demo staff once, without an administrator', async () => {
    await seedBuiltInRoles(t.db);
    await seedBuiltInRoles(t.db);
    expect(await seedDemoStaff(t.db)).toBe(4);
    expect(await seedDemoStaff(t.db)).toBe(0);
    expect(await t.db.select().from(staff)).toHaveLength(4);
    expect(await issueSetupLinkIfNeeded(t.db)).toMatch(/\/setup\//);
  });
});
