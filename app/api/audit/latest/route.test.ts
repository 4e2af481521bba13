/** Integration: the Live toggle's poll checks the session but does not count as the person's activity. */
import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { sessions } from '@/db/schema';
import { BACKGROUND_MARK, BACKGROUND_REFRESH_COOKIE, BACKGROUND_REQUEST_HEADER } from '@/lib/auth/background-request';
import { ageSession, type TFirstAdmin, withFirstAdminDb } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { currentRequest, enterRequest, nextHeadersMock } from '@/lib/testing/matrix/request-context';
import { GET } from './route';

vi.mock('next/headers', async () => (await import('@/lib/testing/matrix/request-context')).nextHeadersMock);

let t: TTestDb;
let admin: TFirstAdmin;
withFirstAdminDb((ctx) => ({ t, admin } = ctx));

const sessionRow = async (id: string) => (await t.db.select().from(sessions).where(eq(sessions.id, id)))[0]!;

async function poll(sessionId: string, mark: 'header' | 'cookie' | 'none') {
  await enterRequest({ sessionId, binding: 'b'.repeat(43), ip: '198.51.100.7' });
  if (mark === 'header') (await nextHeadersMock.headers()).set(BACKGROUND_REQUEST_HEADER, BACKGROUND_MARK);
  if (mark === 'cookie') (await nextHeadersMock.cookies()).set(BACKGROUND_REFRESH_COOKIE, BACKGROUND_MARK);
  return GET(currentRequest('GET', '/api/audit/latest'), { params: Promise.resolve({}) });
}

describe('GET /api/audit/latest (Live polling)', () => {
  it('answers a background poll without moving the session\'s last activity', async () => {
    await ageSession(t.db, admin.session.id, 60);
    const before = (await sessionRow(admin.session.id)).lastSeenAt;
    for (const mark of ['header', 'cookie'] as const) {
      const res = await poll(admin.session.id, mark);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ seq: expect.any(Number) });
    }
    expect((await sessionRow(admin.session.id)).lastSeenAt).toEqual(before);
  });

  it('refuses a background poll on a session idle too long, and the session stays locked', async () => {
    await ageSession(t.db, admin.session.id, 16 * 60);
    const res = await poll(admin.session.id, 'header');
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'SESSION_IDLE' } });
    const row = await sessionRow(admin.session.id);
    expect(row.endReason).toBe('idle');
    // A later poll (marked or not) cannot revive it.
    expect((await poll(admin.session.id, 'none')).status).toBe(401);
    expect((await sessionRow(admin.session.id)).endedAt).toEqual(row.endedAt);
  });

  it('an unmarked request still counts as activity', async () => {
    const { signInWithPasskey, startPasskeySignIn } = await import('@/lib/auth/sign-in');
    const { meta } = await import('@/lib/testing/auth-factories');
    const o = await startPasskeySignIn(t.db, { bindingHash: 'again', meta: meta() });
    const s = await signInWithPasskey(t.db, { response: admin.authenticator.assert(o.challenge), bindingHash: 'again', meta: meta() });
    await ageSession(t.db, s.id, 60);
    const before = (await sessionRow(s.id)).lastSeenAt;
    expect((await poll(s.id, 'none')).status).toBe(200);
    expect((await sessionRow(s.id)).lastSeenAt.getTime()).toBeGreaterThan(before.getTime());
  });
});
