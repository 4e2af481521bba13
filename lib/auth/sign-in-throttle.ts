/**
 * Anti-automation for sign-in (ASVS 2.2.1 / 6.1.1): failures are counted per client IP in
 * Postgres (so every instance sees them) and throttle that IP; failures against one account
 * only raise an alert, so an attacker can never lock a legitimate person out.
 */
import 'server-only';
import { and, count, eq, gt, min, sql } from 'drizzle-orm';
import { notifications, signInFailures } from '@/db/schema';
import type { TDb } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import type { TRequestMeta } from '@/lib/http/request-meta';
import { notifyAdministrators } from '@/lib/notifications/notify-administrators';

const IP_WINDOW_MS = 15 * 60 * 1000;
const ACCOUNT_WINDOW_MS = 30 * 60 * 1000;
const ACCOUNT_ALERT_THRESHOLD = 10;

/** Throws RATE_LIMITED (with Retry-After) when this IP has failed too often recently. */
export async function assertSignInAllowed(db: TDb, ip: string | null): Promise<void> {
  const key = ip ?? 'unknown';
  const since = new Date(Date.now() - IP_WINDOW_MS);
  const [row] = await db
    .select({ n: count(), oldest: min(signInFailures.occurredAt) })
    .from(signInFailures)
    .where(and(eq(signInFailures.ip, key), gt(signInFailures.occurredAt, since)));
  const failures = Number(row?.n ?? 0);
  if (failures >= env().signInFailuresPerIp) {
    const oldest = row?.oldest ? new Date(row.oldest).getTime() : Date.now();
    const retryAfterSeconds = Math.max(1, Math.ceil((oldest + IP_WINDOW_MS - Date.now()) / 1000));
    throw new AppError('RATE_LIMITED', `Too many failed sign-ins from this network. Try again in ${retryAfterSeconds} seconds.`, {
      retryAfterSeconds,
    });
  }
}

/** Records a failed sign-in, audits it, and alerts administrators at the account threshold. */
export async function recordSignInFailure(
  db: TDb,
  input: { meta: TRequestMeta; staffId: string | null; reason: string; passkeyId?: string | null },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(signInFailures).values({ ip: input.meta.ip ?? 'unknown', staffId: input.staffId, reason: input.reason });
    await appendAuditEvent(tx, {
      action: 'auth.sign_in.failed',
      actor: input.staffId ? { type: 'staff', id: input.staffId } : { type: 'system' },
      target: input.staffId ? { type: 'staff', id: input.staffId } : undefined,
      result: 'failure',
      reason: input.reason,
      meta: input.meta,
      data: { reason: input.reason },
    });
    if (!input.staffId) return;
    const since = new Date(Date.now() - ACCOUNT_WINDOW_MS);
    const [row] = await tx
      .select({ n: count() })
      .from(signInFailures)
      .where(and(eq(signInFailures.staffId, input.staffId), gt(signInFailures.occurredAt, since)));
    if (Number(row?.n ?? 0) !== ACCOUNT_ALERT_THRESHOLD) return;
    const [recent] = await tx
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.kind, 'auth.account_failures'), gt(notifications.createdAt, since), sql`${notifications.detail}->>'staffId' = ${input.staffId}`));
    if (Number(recent?.n ?? 0) > 0) return;
    await notifyAdministrators(tx, {
      kind: 'auth.account_failures',
      severity: 'warning',
      title: `${ACCOUNT_ALERT_THRESHOLD} failed sign-ins against one account within 30 minutes`,
      detail: { staffId: input.staffId },
    });
  });
}
