/** A staff member's own passkeys: list, add (after step-up), rename, remove (never the last one). */
import 'server-only';
import { and, asc, count, eq } from 'drizzle-orm';
import { z } from 'zod';
import { passkeys, sessions } from '@/db/schema';
import type { TDb } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import { denyAccess } from '@/lib/authz/authorize';
import { AppError } from '@/lib/errors';
import type { TActor } from './current-staff';
import { createRegistrationOptions, defaultPasskeyName, storePasskey, verifyRegistration } from './registration';
import { endOpenSessionsIn } from './sessions';
import { requireRecentPasskey } from './step-up';
import type { TRegistrationResponse } from './webauthn-schemas';

export type TPasskeyView = {
  id: string; name: string; createdAt: Date; lastUsedAt: Date | null; aaguid: string;
  synced: boolean; suspended: boolean; current: boolean;
};

export async function listMyPasskeys(db: TDb, actor: TActor): Promise<TPasskeyView[]> {
  const rows = await db.select().from(passkeys).where(eq(passkeys.staffId, actor.staff.id)).orderBy(asc(passkeys.createdAt));
  return rows.map((p) => ({
    id: p.id, name: p.name, createdAt: p.createdAt, lastUsedAt: p.lastUsedAt, aaguid: p.aaguid,
    synced: p.deviceType === 'multiDevice' || p.backedUp, suspended: p.suspendedAt !== null,
    current: p.id === actor.session.passkeyId,
  }));
}

export async function startAddPasskey(db: TDb, actor: TActor, bindingHash: string) {
  requireRecentPasskey(actor);
  return createRegistrationOptions(db, {
    bindingHash,
    staffId: actor.staff.id,
    userId: actor.staff.id,
    userName: actor.staff.email,
    displayName: actor.staff.name,
    context: { flow: 'add', staffId: actor.staff.id },
  });
}

export async function finishAddPasskey(db: TDb, actor: TActor, input: { response: TRegistrationResponse; bindingHash: string }): Promise<{ id: string }> {
  requireRecentPasskey(actor);
  const verified = await verifyRegistration(db, input);
  if (verified.context.flow !== 'add' || verified.context.staffId !== actor.staff.id) {
    throw new AppError('PASSKEY_REJECTED', 'This passkey request was for someone else. Start again.');
  }
  return db.transaction(async (tx) => {
    const p = await storePasskey(tx, {
      staffId: actor.staff.id,
      credential: verified.credential,
      name: defaultPasskeyName(actor.meta.userAgent, verified.credential.backedUp),
    });
    await appendAuditEvent(tx, {
      action: 'passkey.added',
      actor: { type: 'staff', id: actor.staff.id },
      target: { type: 'passkey', id: p.id },
      result: 'success',
      meta: { ...actor.meta, sessionId: actor.session.id },
      authenticatorAaguid: p.aaguid,
      data: { staffId: actor.staff.id, deviceType: p.deviceType, backedUp: p.backedUp },
    });
    return { id: p.id };
  });
}

const ZRename = z.object({ passkeyId: z.string().uuid(), name: z.string().trim().min(1, 'Enter a name').max(60, 'At most 60 characters') });

export async function renamePasskey(db: TDb, actor: TActor, raw: unknown): Promise<void> {
  const input = ZRename.parse(raw);
  // Refusals are decided before the transaction: denyAccess writes its own audit transaction.
  const [before] = await db.select({ name: passkeys.name }).from(passkeys).where(and(eq(passkeys.id, input.passkeyId), eq(passkeys.staffId, actor.staff.id)));
  if (!before) throw await denyAccess(db, actor, { action: 'update', subject: 'Staff', targetId: input.passkeyId, noun: 'passkey' }, 'NOT_FOUND');
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(passkeys)
      .set({ name: input.name })
      .where(and(eq(passkeys.id, input.passkeyId), eq(passkeys.staffId, actor.staff.id)))
      .returning({ id: passkeys.id });
    if (!row) throw new AppError('CONFLICT', 'This passkey was removed meanwhile.');
    await appendAuditEvent(tx, {
      action: 'passkey.renamed',
      actor: { type: 'staff', id: actor.staff.id },
      target: { type: 'passkey', id: input.passkeyId },
      result: 'success',
      meta: { ...actor.meta, sessionId: actor.session.id },
      before: { name: before.name },
      after: { name: input.name },
    });
  });
}

export async function removePasskey(db: TDb, actor: TActor, raw: unknown): Promise<void> {
  const passkeyId = z.string().uuid('Unknown passkey').parse(raw);
  requireRecentPasskey(actor);
  const [owned] = await db.select({ id: passkeys.id }).from(passkeys).where(and(eq(passkeys.id, passkeyId), eq(passkeys.staffId, actor.staff.id)));
  if (!owned) throw await denyAccess(db, actor, { action: 'update', subject: 'Staff', targetId: passkeyId, noun: 'passkey' }, 'NOT_FOUND');
  await db.transaction(async (tx) => {
    // Lock this person's passkeys so two concurrent removals cannot both pass the "not the last" check.
    const mine = await tx.select({ id: passkeys.id, aaguid: passkeys.aaguid }).from(passkeys).where(eq(passkeys.staffId, actor.staff.id)).for('update');
    const target = mine.find((p) => p.id === passkeyId);
    if (!target) throw new AppError('CONFLICT', 'This passkey was removed meanwhile.');
    if (mine.length <= 1) throw new AppError('CONFLICT', 'You cannot remove your only passkey. Add another one first.');
    // Removing a passkey (a lost or stolen device) must also end what it opened; this runs before
    // the delete because the foreign key would otherwise null sessions.passkeyId and lose the link.
    await endOpenSessionsIn(tx, eq(sessions.passkeyId, passkeyId), 'passkey-removed', { actor: { type: 'staff', id: actor.staff.id }, meta: actor.meta });
    await tx.delete(passkeys).where(eq(passkeys.id, passkeyId));
    const [left] = await tx.select({ n: count() }).from(passkeys).where(eq(passkeys.staffId, actor.staff.id));
    if (Number(left?.n ?? 0) < 1) throw new AppError('CONFLICT', 'You cannot remove your only passkey.');
    await appendAuditEvent(tx, {
      action: 'passkey.removed',
      actor: { type: 'staff', id: actor.staff.id },
      target: { type: 'passkey', id: passkeyId },
      result: 'success',
      meta: { ...actor.meta, sessionId: actor.session.id },
      authenticatorAaguid: target.aaguid,
      data: { staffId: actor.staff.id },
    });
  });
}
