/** POST /api/audit/verify {chain?}: runs the chain verification, streaming NDJSON progress and the result. */
import { getDb } from '@/db/client';
import { streamAuditVerification } from '@/lib/audit/verify/run-audit-verification';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { apiRoute, readJsonBody } from '@/lib/http/api-route';

export const dynamic = 'force-dynamic';

export const POST = apiRoute(async (req) => {
  const actor = await getCurrentStaff();
  const body = await readJsonBody(req, 1024);
  const stream = await streamAuditVerification(await getDb(), actor, body);
  return new Response(stream, {
    headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
  });
});
