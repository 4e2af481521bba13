/**
 * Reads a CSP report body: accepted media types only (415), at most `maxBytes` counted on
 * the bytes actually received, stopping the read as soon as the limit is passed (413,
 * whatever Content-Length claimed), and JSON that parses (400).
 */
import { AppError } from '@/lib/errors';

export const CSP_REPORT_MAX_BYTES = 8 * 1024;

/** Legacy report-uri, Reporting API, and plain JSON (older WebKit sends report-uri bodies so). */
const ACCEPTED_TYPES = new Set(['application/csp-report', 'application/reports+json', 'application/json']);

async function readLimited(req: Request, maxBytes: number): Promise<string> {
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new AppError('PAYLOAD_TOO_LARGE', `A report may be at most ${maxBytes} bytes.`);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    all.set(c, offset);
    offset += c.byteLength;
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(all);
}

export async function readCspReportBody(req: Request, maxBytes = CSP_REPORT_MAX_BYTES): Promise<unknown> {
  const type = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!ACCEPTED_TYPES.has(type)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send application/csp-report or application/reports+json.');
  }
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new AppError('PAYLOAD_TOO_LARGE', `A report may be at most ${maxBytes} bytes.`);
  }
  let text: string;
  try {
    text = await readLimited(req, maxBytes);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('BAD_REQUEST', 'The report body could not be read as UTF-8.');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('BAD_REQUEST', 'The report is not valid JSON.');
  }
}
