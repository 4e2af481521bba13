/** Finding 12 (simulateAccess) of the authz review: the simulator reveals nothing about people or records the actor may not read. */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { roles } from '@/db/schema';
import { auditCount } from '@/lib/roles/role-test-helpers';
import { staffWithRole } from '@/lib/review/review-test-helpers';
import { withFirstAdminDb } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { simulateAccess } from './simulate-access';

let t: TTestDb;
withFirstAdminDb((ctx) => ({ t } = ctx));

const RULES = [
  { action: 'read', subject: 'Role', conditions: { builtIn: false } },
  { action: 'read', subject: 'Staff', conditions: { region: '${actor.region}' } },
];

describe('simulateAccess', () => {
  it('answers 404 (audited) for a person or a record outside the actor\'s read conditions', async () => {
    const lead = await staffWithRole(t.db, { rules: RULES }, { region: 'EU' });
    const us = await staffWithRole(t.db, 'administrator', { region: 'US' });
    const eu = await staffWithRole(t.db, 'auditor', { region: 'EU' });
    const [admin] = await t.db.select({ id: roles.id }).from(roles).where(eq(roles.key, 'administrator'));
    const denied = await auditCount(t.db, 'authz.denied');
    await expect(simulateAccess(t.db, await lead.actor(), { staffId: us.staffId, action: 'read', subject: 'Staff' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(simulateAccess(t.db, await lead.actor(), { staffId: eu.staffId, action: 'update', subject: 'Role', recordId: admin!.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(simulateAccess(t.db, await lead.actor(), { staffId: eu.staffId, action: 'read', subject: 'Staff', recordId: us.staffId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await auditCount(t.db, 'authz.denied')).toBe(denied + 3);
  });

  it('still explains decisions for people and records the actor may read', async () => {
    const lead = await staffWithRole(t.db, { rules: RULES }, { region: 'EU' });
    const eu = await staffWithRole(t.db, 'auditor', { region: 'EU' });
    const [custom] = await t.db.select({ id: roles.id }).from(roles).where(eq(roles.builtIn, false)).limit(1);
    const sim = await simulateAccess(t.db, await lead.actor(), { staffId: eu.staffId, action: 'update', subject: 'Role', recordId: custom!.id });
    expect(sim).toMatchObject({ allowed: false, roleKeys: ['auditor'] });
    // Auditors read staff names: the decision on a record the actor may read is explained.
    expect((await simulateAccess(t.db, await lead.actor(), { staffId: eu.staffId, action: 'read', subject: 'Staff', recordId: lead.staffId })).allowed).toBe(true);
  });
});
