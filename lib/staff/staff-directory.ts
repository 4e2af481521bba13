/** The staff directory and enabling/disabling staff members (administrators). */
import 'server-only';
import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { invites, passkeys, roles, sessions, staff, staffRoles } from '@/db/schema';
import type { TDb, TTx } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import type { TActor } from '@/lib/auth/current-staff';
import { endSessionsOf } from '@/lib/auth/sessions';
import { AppError } from '@/lib/errors';
import { authorize } from '@/lib/authz/authorize';
import { assertNotLastAdministrator } from './last-administrator';
import { findStaffFor } from './staff-ability';
import { caslToSql } from '@/lib/permissions/casl-to-sql';
import { pickPermitted } from '@/lib/permissions/permitted-fields';

export type TStaffListItem = { id: string; name: string; email: string; status: 'active' | 'disabled'; roles: string[]; createdAt: Date; passkeyCount: number; lastSignInAt: Date | null };

export async function listStaff(db: TDb, actor: TActor): Promise<TStaffListItem[]> {
  await authorize(db, actor, 'read', 'Staff');
  const rows = await db
    .select({
      id: staff.id, name: staff.name, email: staff.email, status: staff.status, createdAt: staff.createdAt, role: roles.name,
      passkeyCount: sql<number>`(select count(*)::int from ${passkeys} where ${passkeys.staffId} = ${staff.id})`,
      lastSignInAt: sql<string | null>`(select max(${sessions.createdAt}) from ${sessions} where ${sessions.staffId} = ${staff.id})`,
    })
    .from(staff)
    .leftJoin(staffRoles, eq(staffRoles.staffId, staff.id))
    .leftJoin(roles, eq(roles.id, staffRoles.roleId))
    .where(caslToSql(actor.ability, 'read', 'Staff', STAFF_COLUMNS))
    .orderBy(asc(staff.name))
    .limit(1000);
  const byId = new Map<string, TStaffListItem>();
  for (const r of rows) {
    const item = byId.get(r.id) ?? {
      id: r.id, name: r.name, email: r.email, status: r.status, createdAt: r.createdAt, roles: [],
      passkeyCount: Number(r.passkeyCount), lastSignInAt: r.lastSignInAt ? new Date(r.lastSignInAt) : null,
    };
    if (r.role) item.roles.push(r.role);
    byId.set(r.id, item);
  }
  // Field rules (e.g. "read Staff fields id, name") blank what the actor may not see.
  return [...byId.values()].map((item) => {
    const visible = pickPermitted({ id: item.id, name: item.name, email: item.email, status: item.status, createdAt: item.createdAt }, actor.ability, 'read', 'Staff');
    return { ...item, email: visible.email ?? '', status: visible.status ?? item.status };
  });
}

const STAFF_COLUMNS = { id: staff.id, status: staff.status, region: staff.region, createdAt: staff.createdAt };

export async function listAssignableRoles(db: TDb, actor: TActor): Promise<{ id: string; name: string }[]> {
  await authorize(db, actor, 'create', 'Invite');
  return db.select({ id: roles.id, name: roles.name }).from(roles).orderBy(asc(roles.name));
}

const ZSetStatus = z.object({ staffId: z.string().uuid(), status: z.enum(['active', 'disabled']) });

/**
 * Disabling ends every session of that person at once (their next request is refused) and
 * revokes the invites they created that are still open: an invite carries its creator's
 * authority, so it must not outlive it.
 */
export async function setStaffStatus(db: TDb, actor: TActor, raw: unknown): Promise<void> {
  const input = ZSetStatus.parse(raw);
  await authorize(db, actor, 'update', 'Staff', undefined, input.staffId);
  // Again on the record: `update Staff where region = ${actor.region}` covers only some people.
  await findStaffFor(db, actor, 'update', input.staffId);
  if (input.staffId === actor.staff.id) throw new AppError('CONFLICT', 'You cannot disable or enable yourself.');
  await db.transaction(async (tx) => {
    if (input.status === 'disabled') await assertNotLastAdministrator(tx, input.staffId, 'enable or invite another administrator first.');
    const [row] = await tx
      .update(staff)
      .set({ status: input.status, disabledAt: input.status === 'disabled' ? new Date() : null, updatedAt: new Date() })
      .where(and(eq(staff.id, input.staffId), ne(staff.status, input.status)))
      .returning();
    if (!row) throw new AppError('CONFLICT', 'This staff member already has that status.');
    await appendAuditEvent(tx, {
      action: input.status === 'disabled' ? 'staff.disabled' : 'staff.enabled',
      actor: { type: 'staff', id: actor.staff.id },
      target: { type: 'staff', id: input.staffId },
      result: 'success',
      meta: { ...actor.meta, sessionId: actor.session.id },
      before: { status: input.status === 'disabled' ? 'active' : 'disabled' },
      after: { status: input.status },
    });
    if (input.status === 'disabled') await revokeOpenInvitesOf(tx, input.staffId, actor);
  });
  if (input.status === 'disabled') {
    await endSessionsOf(db, input.staffId, null, 'staff-disabled', { actor: { type: 'staff', id: actor.staff.id }, meta: actor.meta });
  }
}

async function revokeOpenInvitesOf(tx: TTx, creatorId: string, actor: TActor): Promise<void> {
  const revoked = await tx
    .update(invites)
    .set({ revokedAt: new Date(), revokedBy: actor.staff.id })
    .where(and(eq(invites.createdBy, creatorId), isNull(invites.acceptedAt), isNull(invites.revokedAt)))
    .returning({ id: invites.id });
  for (const { id } of revoked) {
    await appendAuditEvent(tx, {
      action: 'invite.revoked',
      actor: { type: 'staff', id: actor.staff.id },
      target: { type: 'invite', id },
      result: 'success',
      reason: 'its creator was disabled',
      meta: { ...actor.meta, sessionId: actor.session.id },
    });
  }
}
