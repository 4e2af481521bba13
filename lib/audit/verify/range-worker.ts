/**
 * The body of a verification worker thread (started through range-worker.cjs): one seq range
 * streamed by COPY on a connection of its own, inside the verifier's exported snapshot
 * (copy-chain-rows.ts), and checked with the same scanPages as the server. Posts `{ type: 'page', rows }` per page, then `{ type: 'done', scan }`
 * or `{ type: 'error', message }`.
 */
import postgres from 'postgres';
import { COPY_SETTINGS_SQL, copyPages, copyRangeSql } from './copy-chain-rows';
import { scanPages, type TRangeScan, type TScanRangeInput } from './scan-range';

/** What a postgres.js client was opened with, minus everything that is not data (functions). */
export type TWorkerConnection = { host: string[]; port: number[]; path: string | false; database: string; user: string; pass: string | null; ssl: unknown };

export type TRangeWorkerData = { connection: TWorkerConnection; snapshot: string; input: TScanRangeInput };

export type TRangeWorkerMessage = { type: 'page'; rows: number } | { type: 'done'; scan: TRangeScan } | { type: 'error'; message: string };

/** Checked again here: the id is spliced into SET TRANSACTION SNAPSHOT, which takes no parameters. */
const SNAPSHOT_ID = /^[0-9A-F]+(?:-[0-9A-F]+)+$/i;

export async function runRangeWorker(data: TRangeWorkerData, post: (m: TRangeWorkerMessage) => void): Promise<void> {
  const { host, port, path, database, user, pass, ssl } = data.connection;
  // host and port stay arrays (postgres.js's own parsed form, which it accepts back; its types only name the single-host form).
  const options = { host, port, path: path || undefined, database, user, pass: pass ?? undefined, ssl, max: 1, prepare: true, onnotice: () => undefined };
  // One answer only, sent as soon as it is known.
  let answered = false;
  const answer = (m: TRangeWorkerMessage) => {
    if (!answered) post(m);
    answered = true;
  };
  const failed = (e: unknown) => answer({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  if (!SNAPSHOT_ID.test(data.snapshot)) return failed(new Error('not a snapshot id'));
  const sql = postgres(options as unknown as postgres.Options<Record<string, never>>);
  try {
    // A read-only transaction that is never committed: closing the connection below ends it. postgres.js can leave its
    // socket paused after a COPY TO whose last rows arrived while the stream's buffer was full, so no statement may
    // follow the COPY on this connection (a COMMIT would wait forever).
    await sql.unsafe('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await sql.unsafe(`SET TRANSACTION SNAPSHOT '${data.snapshot}'`);
    const { chain, afterSeq, uptoSeq, pageSize } = data.input;
    await sql.unsafe(COPY_SETTINGS_SQL, [chain]);
    const stream = (await sql.unsafe(copyRangeSql(afterSeq, uptoSeq)).readable()) as AsyncIterable<Buffer>;
    answer({ type: 'done', scan: await scanPages(copyPages(stream, chain, pageSize), data.input, { onPage: (rows) => post({ type: 'page', rows }) }) });
  } catch (e) {
    failed(e);
  } finally {
    await sql.end({ timeout: 0 });
  }
}
