/** Readiness: 200 when the database answers and migrations are current, else 503 naming the failed check. */
import { NextResponse } from 'next/server';
import { apiRoute } from '@/lib/http/api-route';
import { checkReadiness } from '@/lib/ops/check-readiness';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(async () => {
  const { ready, checks } = await checkReadiness();
  return NextResponse.json(
    { status: ready ? 'ready' : 'not_ready', checks },
    { status: ready ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
});
