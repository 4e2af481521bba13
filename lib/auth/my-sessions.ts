/** A staff member's own sessions: list (device, IP, place, last seen), sign out one, sign out everywhere else. */
import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { sessions } from '@/db/schema';
import type { TDb } from '@/db/types';
import { describeDevice } from '@/lib/audit/describe-device';
import { describeIpPlace } from '@/lib/audit/describe-ip-place';
import { denyAccess } from '@/lib/authz/authorize';
import type { TActor } from './current-staff';
import { endSession, endSessionsOf, listOpenSessions } from './sessions';

export type TSessionView = {
  id: string; current: boolean; createdAt: Date; lastSeenAt: Date; ip: string | null; device: string; place: string;
};

export async function listMySessions(db: TDb, actor: TActor): Promise<TSessionView[]> {
  const rows = await listOpenSessions(db, actor.staff.id);
  return Promise.all(
    rows.map(async (s) => {
      const device = describeDevice(s.userAgent);
      const place = await describeIpPlace(s.ip);
      return {
        id: s.id,
        current: s.id === actor.session.id,
        createdAt: s.createdAt,
        lastSeenAt: s.lastSeenAt,
        ip: s.ip,
        device: device ? [device.browser, device.os].filter(Boolean).join(' on ') || device.deviceType : 'Unknown device',
        place: !place ? 'Unknown' : 'country' in place ? place.country : place.label,
      };
    }),
  );
}

export async function signOutMySession(db: TDb, actor: TActor, raw: unknown): Promise<void> {
  const id = z.string().uuid().parse(raw);
  const [row] = await db.select({ id: sessions.id }).from(sessions).where(and(eq(sessions.id, id), eq(sessions.staffId, actor.staff.id), isNull(sessions.endedAt)));
  if (!row) throw await denyAccess(db, actor, { action: 'update', subject: 'Staff', targetId: id, noun: 'open session' }, 'NOT_FOUND');
  await endSession(db, id, 'revoked', { actor: { type: 'staff', id: actor.staff.id }, meta: actor.meta });
}

export async function signOutEverywhereElse(db: TDb, actor: TActor): Promise<number> {
  return endSessionsOf(db, actor.staff.id, actor.session.id, 'revoked', { actor: { type: 'staff', id: actor.staff.id }, meta: actor.meta });
}
