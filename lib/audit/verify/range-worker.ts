/**
 * The body of a verification worker thread (started through range-worker.cjs): one seq range
 * scanned on a connection of its own, inside the verifier's exported snapshot, with the same
 * scanRange as the server. Posts `{ type: 'page', rows }` per page, then `{ type: 'done', scan }`
 * or `{ type: 'error', message }`.
 */
import postgres from 'postgres';
import { scanRange, type TRangeScan, type TScanRangeInput } from './scan-range';

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
  const sql = postgres(options as unknown as postgres.Options<Record<string, never>>);
  try {
    if (!SNAPSHOT_ID.test(data.snapshot)) throw new Error('not a snapshot id');
    const scan = await sql.begin('isolation level repeatable read read only', async (tx) => {
      await tx.unsafe(`SET TRANSACTION SNAPSHOT '${data.snapshot}'`);
      return scanRange((q, p) => tx.unsafe(q, p as never[]).values() as Promise<(string | null)[][]>, data.input, { onPage: (rows) => post({ type: 'page', rows }) });
    });
    post({ type: 'done', scan });
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  } finally {
    await sql.end({ timeout: 5 });
  }
}
