/** Test-only: appends shaped audit events to a chain of their own, and actors with chosen rules. */
import 'server-only';
import type { TRoleRule } from '@/db/schema';
import type { TDb } from '@/db/types';
import { appendAuditEvent, type TAppendedAuditEvent, type TAuditEventInput } from '@/lib/audit/append-audit-event';
import type { TActor } from '@/lib/auth/current-staff';
import { buildAbilityForRoles } from '@/lib/permissions/ability';

export type TEventSpec = {
  action?: TAuditEventInput['action'];
  data?: Record<string, unknown>;
  actorId?: string;
  target?: { type: string; id: string };
  result?: 'success' | 'denied' | 'failure';
  reason?: string;
  ip?: string;
  requestId?: string;
  sessionId?: string;
};

/** Appends each spec to `chain`, one transaction per event as real callers do. */
export async function appendEvents(db: TDb, chain: string, specs: TEventSpec[]): Promise<TAppendedAuditEvent[]> {
  const out: TAppendedAuditEvent[] = [];
  for (const s of specs) {
    const action = s.action ?? 'staff.enabled';
    out.push(
      await db.transaction((tx) =>
        appendAuditEvent(tx, {
          chain,
          action,
          data: s.data ?? {},
          actor: { type: 'staff', id: s.actorId ?? 'staff-a' },
          target: s.target,
          result: s.result ?? 'success',
          reason: s.reason,
          meta: { requestId: s.requestId, ip: s.ip ?? null, sessionId: s.sessionId ?? null, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0' },
        }),
      ),
    );
  }
  return out;
}

/** The same person with different role rules (the audit trail still names them). */
export function withRules(base: TActor, rules: TRoleRule[]): TActor {
  return { ...base, rules, ability: buildAbilityForRoles([{ key: 'test-role', rules }], base.staff) };
}
