/**
 * The download behind the audit page's Export button: the page's URL filter plus `format`,
 * streamed. A JSONL download is a self-contained bundle: one event per line, then one last
 * line `{"manifest": {...}}` written once every event has been sent (the manifest covers
 * exactly what was streamed). `npm run audit:verify-export -- bundle.jsonl` checks it offline.
 */
import 'server-only';
import { z } from 'zod';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { validationError } from '@/lib/errors';
import { parseAuditFilter } from '../browse/audit-filter';
import { exportAuditEvents, type TAuditExport } from './export-audit-events';

const ZFormat = z.enum(['csv', 'jsonl']);

export type TAuditDownload = { stream: ReadableStream<Uint8Array>; contentType: string; filename: string; total: number | null; withheld: string[] };

function withManifestTrailer(exp: TAuditExport): ReadableStream<Uint8Array> {
  const reader = exp.stream.getReader();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const r = await reader.read();
      if (!r.done) return controller.enqueue(r.value);
      const { manifest } = await exp.done;
      if (manifest) controller.enqueue(encoder.encode(`${JSON.stringify({ manifest })}\n`));
      controller.close();
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

/** Parses `format` and the page filter from the query string (VALIDATION), authorises, and opens the stream. */
export async function openAuditDownload(db: TDb, actor: TActor, params: URLSearchParams, now = new Date()): Promise<TAuditDownload> {
  const { format: rawFormat, ...rest } = Object.fromEntries(params.entries());
  const format = ZFormat.safeParse(rawFormat ?? 'csv');
  if (!format.success) throw validationError(format.error.issues.map((i) => ({ ...i, path: ['format'] })));
  const pageFilter = parseAuditFilter(rest);
  const exp = await exportAuditEvents(db, actor, { format: format.data, chain: pageFilter.chain, pageFilter, countTotal: true });
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return {
    stream: format.data === 'jsonl' ? withManifestTrailer(exp) : exp.stream,
    contentType: exp.contentType,
    filename: `countersign-audit-${pageFilter.chain}-${stamp}.${format.data}`,
    total: exp.total,
    withheld: exp.withheld,
  };
}
