/**
 * GET /api/audit/export?format=csv|jsonl&<the audit page's filters>: streams the export as a
 * download; `x-audit-export-rows` says how many events it holds so the console can show progress,
 * and `x-audit-export-withheld` which fields a CSV leaves out because the reader's role hides them.
 */
import { getDb } from '@/db/client';
import { openAuditDownload } from '@/lib/audit/export/export-bundle';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { apiRoute } from '@/lib/http/api-route';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(async (req) => {
  const actor = await getCurrentStaff();
  const download = await openAuditDownload(await getDb(), actor, req.nextUrl.searchParams);
  return new Response(download.stream, {
    headers: {
      'content-type': download.contentType,
      'content-disposition': `attachment; filename="${download.filename}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...(download.total === null ? {} : { 'x-audit-export-rows': String(download.total) }),
      ...(download.withheld.length === 0 ? {} : { 'x-audit-export-withheld': download.withheld.join(',') }),
    },
  });
});
