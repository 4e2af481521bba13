/**
 * The records an endpoint acts on, made fresh for every cell: the caller's own, someone else's
 * (the bystander administrator's, a freshly added staff member, a custom role the caller does
 * not hold) or an id that does not exist.
 * Plain inserts: these are fixtures for the request under test, not the behaviour under test.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { invites, passkeys, roles, staff, staffRoles } from '@/db/schema';
import type { TDb } from '@/db/types';
import { createSession } from '@/lib/auth/sessions';
import { sha256Hex } from '@/lib/auth/tokens';
import { meta } from '@/lib/testing/auth-factories';
import { approvalRequestFixture } from './approval-targets';
import { failedDelivery, personalNotification } from './notification-targets';
import { frozenTransaction } from './review-targets';
import { riskDraft } from './risk-targets';
import { serviceTokenFixture } from './service-token-targets';
import type { TCast, TCellPrincipal } from './principals';

export const TARGET_KINDS = ['own', 'other', 'none'] as const;
export type TTargetKind = (typeof TARGET_KINDS)[number];
export type TTargetType = 'passkey' | 'session' | 'invite' | 'staff' | 'role' | 'notification' | 'delivery' | 'approval' | 'failed-approval' | 'approval-step' | 'service-token' | 'service-token-pickup' | 'transaction' | 'claimed-transaction' | 'risk-draft';

/** Whose record a target kind names; null for a non-existent id. */
function ownerOf(cast: TCast, principal: TCellPrincipal, kind: TTargetKind): string | null {
  if (kind === 'none') return null;
  if (kind === 'other') return cast.bystander.staffId;
  if (!principal.person) throw new Error('an anonymous caller owns nothing');
  return principal.person.staffId;
}

async function roleId(db: TDb, key: string): Promise<string> {
  const [row] = await db.select({ id: roles.id }).from(roles).where(eq(roles.key, key));
  return row!.id;
}

/** A second passkey, so removing it never trips the "not your only passkey" guardrail. */
async function sparePasskey(db: TDb, staffId: string): Promise<string> {
  const [row] = await db
    .insert(passkeys)
    .values({
      staffId,
      credentialId: randomBytes(32).toString('base64url'),
      publicKey: randomBytes(77).toString('base64url'),
      deviceType: 'singleDevice',
      name: 'Spare passkey',
    })
    .returning({ id: passkeys.id });
  return row!.id;
}

async function pendingInvite(db: TDb, createdBy: string): Promise<string> {
  const email = `invitee-${randomUUID()}@example.test`;
  const [row] = await db
    .insert(invites)
    .values({
      name: 'Ivy Invitee',
      email,
      roleId: await roleId(db, 'auditor'),
      tokenHash: sha256Hex(randomBytes(32)),
      createdBy,
      expiresAt: new Date(Date.now() + 3600_000),
    })
    .returning({ id: invites.id });
  return row!.id;
}

/** An active staff member nobody else depends on, so disabling them is harmless to other cells. */
async function freshColleague(db: TDb): Promise<string> {
  const [row] = await db.insert(staff).values({ name: 'Casey Colleague', email: `colleague-${randomUUID()}@example.test` }).returning({ id: staff.id });
  await db.insert(staffRoles).values({ staffId: row!.id, roleId: await roleId(db, 'auditor') });
  return row!.id;
}

/** A custom role nobody holds or is invited to, so changing or deleting it affects no other cell. */
async function unheldCustomRole(db: TDb): Promise<string> {
  const key = `matrix-${randomUUID().slice(0, 8)}`;
  const [row] = await db
    .insert(roles)
    .values({ key, name: `Matrix ${key}`, description: 'fixture', rules: [{ action: 'read', subject: 'Transaction' }] })
    .returning({ id: roles.id });
  return row!.id;
}

/** A role the person holds (their "own" role: the one they would most like to widen). */
async function heldRole(db: TDb, staffId: string): Promise<string> {
  const [row] = await db.select({ id: staffRoles.roleId }).from(staffRoles).where(eq(staffRoles.staffId, staffId));
  if (!row) throw new Error(`staff ${staffId} holds no role`);
  return row.id;
}

/** Creates (or names) the target of one cell and returns its id. */
export async function makeTarget(db: TDb, cast: TCast, principal: TCellPrincipal, type: TTargetType, kind: TTargetKind): Promise<string> {
  const owner = ownerOf(cast, principal, kind);
  if (owner === null) return randomUUID();
  switch (type) {
    case 'risk-draft':
      // Drafts have no owner beyond who started them: "own" = the caller's, "other" = the bystander's.
      return riskDraft(db, owner);
    case 'passkey':
      return sparePasskey(db, owner);
    case 'session':
      return (await createSession(db, { staffId: owner, passkeyId: null, meta: meta() })).id;
    case 'invite':
      return pendingInvite(db, owner);
    case 'staff':
      // "Someone else" for staff administration is a fresh colleague, not the bystander administrator.
      return kind === 'own' ? owner : freshColleague(db);
    case 'role':
      // Roles have no owner: "own" is a role the caller holds, "someone else's" one they do not.
      return kind === 'own' ? heldRole(db, owner) : unheldCustomRole(db);
    case 'notification':
      return personalNotification(db, owner);
    case 'delivery':
      // Deliveries have no owner: "own" is a dead one, "someone else's" a failed one; both may be retried.
      return failedDelivery(db, kind === 'own' ? 'dead' : 'failed');
    case 'approval':
      // The owner's own pending request (they are its requester).
      return approvalRequestFixture(db, { requesterId: owner });
    case 'failed-approval':
      return approvalRequestFixture(db, { requesterId: owner, status: 'failed' });
    case 'approval-step':
      // "Own": a colleague's request whose open step names the caller as an approver.
      return approvalRequestFixture(db, { requesterId: cast.bystander.staffId, approverIds: [owner] });
    case 'service-token':
      // Tokens have no owner beyond who requested them: "own" = created by the caller, "other" = by the bystander.
      return serviceTokenFixture(db, owner);
    case 'service-token-pickup':
      // A new token whose one-time pickup waits for the owner.
      return serviceTokenFixture(db, owner, owner);
    case 'transaction':
      // "Own": an unassigned frozen transaction anyone allowed may claim; "someone else's": one the bystander holds.
      return frozenTransaction(db, kind === 'own' ? null : owner);
    case 'claimed-transaction':
      // A transaction held (in review) by its owner.
      return frozenTransaction(db, owner);
  }
}
