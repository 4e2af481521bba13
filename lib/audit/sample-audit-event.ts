/** Test and benchmark fixture: the i-th sign-in event of `chain`, with every enriched field present. */
import type { TAuditEventInput } from './append-audit-event';

export function sampleSignInEvent(chain: string, i: number): TAuditEventInput {
  return {
    chain,
    action: 'auth.sign_in.succeeded',
    actor: { type: 'staff', id: `staff-${i}` },
    target: { type: 'session', id: `session-${i}` },
    result: 'success',
    meta: { requestId: `req-${chain}-${i}`, ip: '127.0.0.1', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0' },
    data: { passkeyId: `pk-${i}` },
  };
}
