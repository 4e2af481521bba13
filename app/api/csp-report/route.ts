/**
 * Browsers' CSP violation reports (report-uri and Reporting API). Public by necessity, so:
 * rate-limited per client IP before anything else, 8 KB cap on the bytes actually read,
 * zod-validated, stored aggregated and audited by the data layer. Answers 204.
 */
import { CSP_REPORT_RATE_LIMIT, parseCspReportPayload, readCspReportBody, recordCspReports } from '@/lib/csp-reports';
import { signInThrottleKey } from '@/lib/auth/throttle-key';
import { apiRoute } from '@/lib/http/api-route';
import { enforceRateLimit } from '@/lib/http/rate-limit';

export const dynamic = 'force-dynamic';

export const POST = apiRoute(async (req, { meta }) => {
  // Addresses Next could not determine share one bucket: stricter, never looser. IPv6 clients
  // count by their /64, as sign-in throttling does, so address rotation buys no allowance.
  await enforceRateLimit(CSP_REPORT_RATE_LIMIT, signInThrottleKey(meta.ip));
  const violations = parseCspReportPayload(await readCspReportBody(req));
  await recordCspReports(violations, meta);
  return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
});
