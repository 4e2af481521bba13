/**
 * GET /api/audit/latest?<the audit page's filters>: `{ seq }` of the newest visible event, polled by
 * the Live toggle. The poll sends the background-request header (lib/auth/background-request.ts),
 * so getCurrentStaff checks the session without counting the poll as activity: watching the log
 * must not hold off the idle lock.
 */
import { getDb } from '@/db/client';
import { latestAuditSeq } from '@/lib/audit/browse/latest-audit-seq';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { apiRoute } from '@/lib/http/api-route';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(async (req) => {
  const actor = await getCurrentStaff();
  return latestAuditSeq(await getDb(), actor, req.nextUrl.searchParams);
});
