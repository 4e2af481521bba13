/** First-administrator enrolment through the setup link: name, email, passkey → Administrator. */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { roles, setupTokens } from '@/db/schema';
import type { TDb } from '@/db/types';
import { AppError } from '@/lib/errors';
import type { TRequestMeta } from '@/lib/http/request-meta';
import { ADMINISTRATOR_ROLE_KEY } from '@/lib/permissions/built-in-roles';
import { enrolStaffWithPasskey } from '@/lib/staff/enrol-staff';
import { createRegistrationOptions, verifyRegistration } from './registration';
import { findValidSetupToken, hasActiveAdministrator, lockFirstAdminSetup } from './setup-link';
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
    // Under the setup lock, re-check that nobody became administrator meanwhile (another link,
    // another instance): there is only ever one first administrator.
    await lockFirstAdminSetup(tx);
    if (await hasActiveAdministrator(tx)) throw new AppError('GONE', NOT_VALID);
    const [used] = await tx
      .update(setupTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(setupTokens.id, token.id), isNull(setupTokens.usedAt)))
      .returning();
    if (!used) throw new AppError('GONE', NOT_VALID);
    const [admin] = await tx.select({ id: roles.id, key: roles.key }).from(roles).where(eq(roles.key, ADMINISTRATOR_ROLE_KEY));
    if (!admin) throw new Error('Administrator role missing: seed did not run');
    return enrolStaffWithPasskey(tx, {
      staffId: ctx.staffId!,
      name: ctx.name!,
      email: ctx.email!,
      role: admin,
      credential: verified.credential,
      meta: input.meta,
      event: { action: 'setup.completed', target: { type: 'staff', id: ctx.staffId! }, data: { role: ADMINISTRATOR_ROLE_KEY } },
    });
  });
  const ticket = await issueEnrolmentTicket(db, { ...result, bindingHash: input.bindingHash });
  return { staffId: result.staffId, ticket };
}
