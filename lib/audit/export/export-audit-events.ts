/**
 * exportAuditEvents: streams audit events as CSV or JSONL for the actor's filter. Authorised
 * as `export AuditEvent`; reads in keyset pages (`seq > $last ORDER BY seq LIMIT n`) as the
 * consumer pulls, so memory stays flat however long the log is. The upper bound is fixed at
 * the chain head when the export starts (rows up to it are immutable, so no long snapshot
 * transaction is needed). A full-chain JSONL export first checkpoints the head, so the
 * manifest's signed checkpoint covers its last line. When the stream ends (or is cancelled)
 * one `audit.exported` event records who exported what and how many rows, in its own
 * transaction, before the last chunk is released.
 */
import 'server-only';
import { and, asc, count, desc, eq, gt, lte, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { auditChainHeads, auditCheckpoints, auditEvents } from '@/db/schema';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { authorize } from '@/lib/authz/authorize';
import { AppError } from '@/lib/errors';
import { appendAuditEvent } from '../append-audit-event';
import { createCheckpoint } from '../create-checkpoint';
import { sign } from 'node:crypto';
import { getAuditSigningKey } from '../audit-signing-key';
import { getAuditPublicKey } from '../get-audit-public-key';
import type { TAuditEventRow } from '../hash-audit-event';
import type { TAuditFilter } from '../browse/audit-filter';
import { auditCsvHeader, auditCsvRecord } from './csv';
import { exportFieldPolicy, refuseUnverifiableBundle } from './export-field-policy';
import { pageFilterConditions } from './page-filter';
import { describeFilter, filterAsJson, isContiguousFilter, whereFilter, ZAuditExportFilter, type TAuditExportFilter } from './export-filter';
import { auditJsonLine } from './jsonl-line';
import { AUDIT_EXPORT_MANIFEST_VERSION, linesDigest, manifestSigningPayload, type TAuditExportManifest } from './manifest';

export type TAuditExportFormat = 'csv' | 'jsonl';

export type TExportAuditEventsOptions = {
  format: TAuditExportFormat;
  filter?: TAuditExportFilter;
  chain?: string;
  /** Rows per keyset page (default 1000). */
  batchSize?: number;
  /** Called after each page with the number of rows written so far. */
  onProgress?: (rowsSoFar: number) => void;
  /** The audit page's URL filter (already parsed); narrows the export like the list it was started from. */
  pageFilter?: TAuditFilter;
  /** Count the rows first (one extra query) so a client can show progress against `total`. */
  countTotal?: boolean;
};

/** `complete` is false when the consumer cancelled; `manifest` is set for a complete JSONL export. */
export type TAuditExportResult = { rows: number; complete: boolean; manifest: TAuditExportManifest | null };

export type TAuditExport = {
  stream: ReadableStream<Uint8Array>;
  done: Promise<TAuditExportResult>;
  contentType: string;
  /** Rows the export will hold (set when countTotal was asked). */
  total: number | null;
  /** Guarded fields left out because the actor may not read or export them everywhere (CSV only; see export-field-policy). */
  withheld: string[];
};

const ZOptions = z.object({
  format: z.enum(['csv', 'jsonl']),
  filter: ZAuditExportFilter.default({}),
  chain: z.string().regex(/^[a-z0-9][a-z0-9_.:-]{0,63}$/).default('main'),
  batchSize: z.number().int().min(1).max(10_000).default(1000),
});

function parseOptions(opts: TExportAuditEventsOptions): z.infer<typeof ZOptions> {
  const parsed = ZOptions.safeParse({ format: opts.format, filter: opts.filter, chain: opts.chain, batchSize: opts.batchSize });
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  throw new AppError('VALIDATION', 'The export filter is not valid.', { issues });
}

/** The last seq the export may include: the head now, checkpointed first when a full JSONL export reaches it. */
async function upperBound(db: TDb, chain: string, format: TAuditExportFormat, filter: TAuditExportFilter, contiguous: boolean): Promise<number> {
  const [head] = await db.select({ seq: auditChainHeads.seq }).from(auditChainHeads).where(eq(auditChainHeads.chain, chain));
  const headSeq = head?.seq ?? 0;
  const reachesHead = filter.toSeq === undefined || filter.toSeq >= headSeq;
  if (format === 'jsonl' && headSeq > 0 && reachesHead && contiguous) {
    const cp = await db.transaction((tx) => createCheckpoint(tx, chain));
    if (cp) return Math.min(filter.toSeq ?? cp.seq, cp.seq);
  }
  return Math.min(filter.toSeq ?? headSeq, headSeq);
}

async function buildManifest(
  db: TDb,
  chain: string,
  filter: TAuditExportFilter,
  span: { first: TAuditEventRow | null; last: TAuditEventRow | null; rows: number; exportedAt: Date; contiguous: boolean; pageFilter: string | null; linesDigest: string },
): Promise<TAuditExportManifest> {
  const publicKey = getAuditPublicKey();
  const { first, last } = span;
  const [cp] = last
    ? await db
        .select()
        .from(auditCheckpoints)
        .where(and(eq(auditCheckpoints.chain, chain), lte(auditCheckpoints.seq, last.seq), eq(auditCheckpoints.keyId, publicKey.keyId)))
        .orderBy(desc(auditCheckpoints.seq))
        .limit(1)
    : [];
  const manifest: TAuditExportManifest = {
    version: AUDIT_EXPORT_MANIFEST_VERSION,
    chain,
    contiguous: span.contiguous,
    firstSeq: first?.seq ?? null,
    lastSeq: last?.seq ?? null,
    firstPrevHash: first?.prevHash ?? null,
    lastHash: last?.hash ?? null,
    rows: span.rows,
    checkpoint: cp ? { seq: cp.seq, hash: cp.hash, createdAt: cp.createdAt.toISOString(), keyId: cp.keyId, signature: cp.signature } : null,
    publicKey,
    exportedAt: span.exportedAt.toISOString(),
    filter: span.pageFilter ? { ...filterAsJson(chain, filter), view: span.pageFilter } : filterAsJson(chain, filter),
    linesDigest: span.linesDigest,
  };
  // The signature makes the manifest (and through lastHash / linesDigest every line) the server's word.
  const signed = JSON.parse(JSON.stringify(manifest)) as TAuditExportManifest;
  return { ...signed, signature: sign(null, manifestSigningPayload(signed), getAuditSigningKey().privateKey).toString('base64') };
}

export async function exportAuditEvents(db: TDb, actor: TActor, opts: TExportAuditEventsOptions): Promise<TAuditExport> {
  await authorize(db, actor, 'export', 'AuditEvent');
  const { format, chain, batchSize, filter: asked } = parseOptions(opts);
  // Refused before anything else happens (a full JSONL export would first sign a checkpoint).
  const fields = exportFieldPolicy(actor.ability);
  if (format === 'jsonl' && fields.withheld.length > 0) throw await refuseUnverifiableBundle(db, actor, chain, fields.withheld);
  const exportedAt = new Date();
  const view = pageFilterConditions(actor, opts.pageFilter, exportedAt, fields.withheld);
  const contiguous = isContiguousFilter(asked) && view.contiguous;
  const filter: TAuditExportFilter = { ...asked, toSeq: await upperBound(db, chain, format, asked, contiguous) };
  const where = and(whereFilter(chain, filter), view.where) as SQL;
  const total = opts.countTotal ? ((await db.select({ n: count() }).from(auditEvents).where(where))[0]?.n ?? 0) : null;
  const withheld = fields.withheld.length > 0 ? ` withheld=${fields.withheld.join(',')}` : '';
  const described = view.text ? `${describeFilter(chain, filter).slice(0, 240)}${withheld} view=${view.text}`.slice(0, 500) : `${describeFilter(chain, filter)}${withheld}`.slice(0, 500);
  const encoder = new TextEncoder();
  const encodeRow = format === 'csv' ? (r: TAuditEventRow) => auditCsvRecord(r, fields.csvColumns) : (r: TAuditEventRow) => `${auditJsonLine(r)}\n`;

  let cursor = (filter.fromSeq ?? 1) - 1;
  let rows = 0;
  let first: TAuditEventRow | null = null;
  let last: TAuditEventRow | null = null;
  const digest = linesDigest();
  let started = false;
  let settled: Promise<TAuditExportResult> | null = null;

  /** Records the export once, whichever comes first: the end of the data, a cancel, or an error. */
  function finish(complete: boolean): Promise<TAuditExportResult> {
    settled ??= record(complete);
    return settled;
  }

  async function record(complete: boolean): Promise<TAuditExportResult> {
    await db.transaction((tx) =>
      appendAuditEvent(tx, {
        action: 'audit.exported',
        actor: { type: 'staff', id: actor.staff.id },
        target: { type: 'audit_chain', id: chain },
        result: 'success',
        ...(complete ? {} : { reason: 'cancelled before the end' }),
        meta: { ...actor.meta, sessionId: actor.session.id },
        data: { format, rows, filter: described },
      }),
    );
    const manifest = complete && format === 'jsonl' ? await buildManifest(db, chain, filter, { first, last, rows, exportedAt, contiguous, pageFilter: view.text, linesDigest: digest.hex() }) : null;
    return { rows, complete, manifest };
  }

  let resolveDone: (r: TAuditExportResult) => void = () => undefined;
  let rejectDone: (e: unknown) => void = () => undefined;
  const done = new Promise<TAuditExportResult>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  // Callers that only read the stream see its error there; this keeps `done` from being an unhandled rejection.
  done.catch(() => undefined);

  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        let text = '';
        if (!started && format === 'csv') text += auditCsvHeader(fields.csvColumns);
        started = true;
        const batch = await db.select().from(auditEvents).where(and(where, gt(auditEvents.seq, cursor))).orderBy(asc(auditEvents.seq)).limit(batchSize);
        if (settled) return; // cancelled while this page was being read
        for (const row of batch) {
          text += encodeRow(row);
          digest.add(row.hash);
        }
        if (batch.length > 0) {
          first ??= batch[0]!;
          last = batch[batch.length - 1]!;
          cursor = last.seq;
          rows += batch.length;
          opts.onProgress?.(rows);
        }
        if (batch.length < batchSize) {
          // The export is recorded before its last chunk is released.
          const result = await finish(true);
          if (text) controller.enqueue(encoder.encode(text));
          controller.close();
          resolveDone(result);
        } else {
          controller.enqueue(encoder.encode(text));
        }
      } catch (e) {
        // Rows already sent still left the system: record them if the database allows it.
        if (!settled) await finish(false).catch(() => undefined);
        controller.error(e);
        rejectDone(e);
      }
    },
    async cancel() {
      try {
        resolveDone(await finish(false));
      } catch (e) {
        rejectDone(e);
      }
    },
  });

  return { stream, done, total, withheld: fields.withheld, contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8' };
}
