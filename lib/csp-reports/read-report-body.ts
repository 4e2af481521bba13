/**
 * Reads a CSP report body: accepted media types only (415), at most `maxBytes` counted on
 * the bytes actually received, stopping the read as soon as the limit is passed (413,
 * whatever Content-Length claimed), and JSON that parses (400).
 */
import { AppError } from '@/lib/errors';
import { readLimitedText } from '@/lib/http/read-limited-body';

export const CSP_REPORT_MAX_BYTES = 8 * 1024;

/** Legacy report-uri, Reporting API, and plain JSON (older WebKit sends report-uri bodies so). */
const ACCEPTED_TYPES = new Set(['application/csp-report', 'application/reports+json', 'application/json']);

export async function readCspReportBody(req: Request, maxBytes = CSP_REPORT_MAX_BYTES): Promise<unknown> {
  const type = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!ACCEPTED_TYPES.has(type)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send application/csp-report or application/reports+json.');
  }
  const text = await readLimitedText(req, maxBytes, `A report may be at most ${maxBytes} bytes.`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('BAD_REQUEST', 'The report is not valid JSON.');
  }
}
