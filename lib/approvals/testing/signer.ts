/** Staff members with roles, a soft passkey and a session, for approval tests and the benchmark (no vitest imports). */
import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import { decodeAttestationObject, parseAuthenticatorData } from '@simplewebauthn/server/helpers';
import { passkeys, roles, staff, staffRoles } from '@/db/schema';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { createSession, resolveSession } from '@/lib/auth/sessions';
import { env } from '@/lib/env';
import { buildAbilityForRoles, loadRoles } from '@/lib/permissions/ability';
import { SoftAuthenticator } from '@/lib/testing/soft-authenticator';

export type TSigner = { staffId: string; name: string; auth: SoftAuthenticator; binding: string; sessionId: string; actor: () => Promise<TActor> };

const signerMeta = () => ({ requestId: `signer-${randomUUID().slice(0, 8)}`, ip: '198.51.100.7', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36' });

async function actorOf(db: TDb, sessionId: string): Promise<TActor> {
  const state = await resolveSession(db, sessionId);
  if (state.kind !== 'active') throw new Error(`session ${sessionId} is ${state.kind}`);
  const held = await loadRoles(db, state.staff.id);
  return { staff: state.staff, session: state.session, roles: held, rules: held.flatMap((r) => r.rules), ability: buildAbilityForRoles(held, state.staff), meta: signerMeta(), idleExpiresAt: new Date(Date.now() + 60_000) };
}

/** A new active staff member holding these roles (by key), with one soft passkey and a session. */
export async function createSigner(db: TDb, roleKeys: string[], name = `Signer ${randomUUID().slice(0, 6)}`): Promise<TSigner> {
  const [person] = await db.insert(staff).values({ name, email: `${randomUUID().slice(0, 12)}@example.test` }).returning();
  if (roleKeys.length) {
    const found = await db.select({ id: roles.id }).from(roles).where(inArray(roles.key, roleKeys));
    await db.insert(staffRoles).values(found.map((r) => ({ staffId: person!.id, roleId: r.id })));
  }
  const auth = new SoftAuthenticator({ rpId: env().rpId, origin: env().publicOrigin });
  const reg = auth.register('registration-not-verified-here');
  const authData = decodeAttestationObject(new Uint8Array(Buffer.from(reg.response.attestationObject, 'base64url'))).get('authData');
  const publicKey = Buffer.from(parseAuthenticatorData(authData).credentialPublicKey!).toString('base64url');
  const [pk] = await db.insert(passkeys).values({ staffId: person!.id, credentialId: auth.id, publicKey, deviceType: 'singleDevice', name: 'Soft key' }).returning();
  const session = await createSession(db, { staffId: person!.id, passkeyId: pk!.id, meta: signerMeta() });
  return { staffId: person!.id, name, auth, binding: `binding-${person!.id}`, sessionId: session.id, actor: () => actorOf(db, session.id) };
}
