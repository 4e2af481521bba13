/** CSP violation reports: parsing, normalising, aggregated storage with audit, and listing. */
import type { TRateLimitRule } from '@/lib/http/rate-limit';

/** A page with a real problem reports a handful per load; 60 a minute per client IP is generous. */
export const CSP_REPORT_RATE_LIMIT: TRateLimitRule = { bucket: 'csp-report', limit: 60, windowSeconds: 60 };

export { CSP_REPORT_MAX_BYTES, readCspReportBody } from './read-report-body';
export { parseCspReportPayload, type TCspViolation } from './schema';
export { recordCspReports, crossesAuditThreshold, type TRecordCspReportsResult } from './record-csp-reports';
export { listCspReports, ZListCspReportsInput, type TCspReportDto, type TListCspReportsInput } from './list-csp-reports';
