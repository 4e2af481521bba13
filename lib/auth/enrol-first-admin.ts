/** First-administrator enrolment through the setup link: name, email, passkey → Administrator. */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { roles, setupTokens, staff, staffRoles } from '@/db/schema';
import type { TDb } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import { AppError } from '@/lib/errors';
import type { TRequestMeta } from '@/lib/http/request-meta';
import { ADMINISTRATOR_ROLE_KEY } from '@/lib/permissions/built-in-roles';
import { createRegistrationOptions, defaultPasskeyName, storePasskey, verifyRegistration } from './registration';
import { findValidSetupToken } from './setup-link';
import { issueEnrolmentTicket } from './sign-in';
import type { TRegistrationResponse } from './webauthn-schemas';

export const ZStaffIdentity = z.object({
  name: z.string().trim().min(2, 'Enter a name of at least 2 characters').max(120),
  email: z.string().trim().toLowerCase().email('Enter a valid email address').max(254),
});

const NOT_VALID = 'This setup link is not valid any more.';

export async function startFirstAdminEnrolment(db: TDb, input: { token: string; name: string; email: string; bindingHash: string }) {
  const identity = ZStaffIdentity.parse({ name: input.name, email: input.email });
  const token = await findValidSetupToken(db, input.token);
  if (!token) throw new AppError('GONE', NOT_VALID);
  const staffId = randomUUID();
  return createRegistrationOptions(db, {
    bindingHash: input.bindingHash,
    userId: staffId,
    userName: identity.email,
    displayName: identity.name,
    context: { flow: 'setup', setupTokenId: token.id, staffId, ...identity },
  });
}

export async function finishFirstAdminEnrolment(
  db: TDb,
  input: { token: string; response: TRegistrationResponse; bindingHash: string; meta: TRequestMeta },
): Promise<{ staffId: string; ticket: string }> {
  const token = await findValidSetupToken(db, input.token);
  const verified = await verifyRegistration(db, { response: input.response, bindingHash: input.bindingHash });
  const ctx = verified.context;
  if (!token || ctx.flow !== 'setup' || ctx.setupTokenId !== token.id || !ctx.staffId || !ctx.name || !ctx.email) {
    throw new AppError('GONE', NOT_VALID);
  }
  const result = await db.transaction(async (tx) => {
    const [used] = await tx
      .update(setupTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(setupTokens.id, token.id), isNull(setupTokens.usedAt)))
      .returning();
    if (!used) throw new AppError('GONE', NOT_VALID);
    const [admin] = await tx.select({ id: roles.id }).from(roles).where(eq(roles.key, ADMINISTRATOR_ROLE_KEY));
    if (!admin) throw new Error('Administrator role missing: seed did not run');
    await tx.insert(staff).values({ id: ctx.staffId!, name: ctx.name!, email: ctx.email! });
    await tx.insert(staffRoles).values({ staffId: ctx.staffId!, roleId: admin.id });
    const passkey = await storePasskey(tx, {
      staffId: ctx.staffId!,
      credential: verified.credential,
      name: defaultPasskeyName(input.meta.userAgent, verified.credential.backedUp),
    });
    const actor = { type: 'staff' as const, id: ctx.staffId! };
    await appendAuditEvent(tx, {
      action: 'setup.completed',
      actor,
      target: { type: 'staff', id: ctx.staffId! },
      result: 'success',
      meta: input.meta,
      after: { id: ctx.staffId, name: ctx.name, email: ctx.email, roles: [ADMINISTRATOR_ROLE_KEY] },
      data: { role: ADMINISTRATOR_ROLE_KEY },
    });
    await appendAuditEvent(tx, {
      action: 'passkey.added',
      actor,
      target: { type: 'passkey', id: passkey.id },
      result: 'success',
      meta: input.meta,
      authenticatorAaguid: passkey.aaguid,
      data: { staffId: ctx.staffId!, deviceType: passkey.deviceType, backedUp: passkey.backedUp },
    });
    return { staffId: ctx.staffId!, passkeyId: passkey.id };
  });
  const ticket = await issueEnrolmentTicket(db, { ...result, bindingHash: input.bindingHash });
  return { staffId: result.staffId, ticket };
}
