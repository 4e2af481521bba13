/**
 * Range scanners that see exactly the verifier's snapshot, so disjoint seq ranges of one chain
 * are read and hashed side by side. PostgreSQL only: the verifier's REPEATABLE READ transaction
 * exports its snapshot (pg_export_snapshot) and each scanner imports it (SET TRANSACTION
 * SNAPSHOT) as the first statement of its own read-only transaction, so every range is read
 * from the same instant as the head and the checkpoints.
 *
 * Preferred: one worker thread per range, each with its own connection, so the hashing runs on
 * every core (range-worker.ts; started from its bundle, worker-bundle.ts, where esbuild is at hand). Where worker threads cannot load the code (no tsx, no source
 * tree), the ranges are scanned on this thread over the pool's connections: the database still
 * works on them side by side. PGlite has one connection, so it gets none.
 */
import 'server-only';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { TDb, TTx } from '@/db/types';
import { rawQueryOf, rawQueryOfClient } from './read-chain-page';
import type { TRangeWorkerData, TRangeWorkerMessage, TWorkerConnection } from './range-worker';
import { scanRange, type TRangeScan, type TScanRangeInput } from './scan-range';
import { rangeWorkerBundle } from './worker-bundle';

/** Scans one range; `onPage` gets each page's row count, `stopped` is polled between pages. */
export type TRangeScanner = (input: TScanRangeInput, onPage: (rows: number) => void, stopped: () => boolean) => Promise<TRangeScan>;

type TPostgresJsPool = {
  begin: <T>(options: string, fn: (tx: unknown) => Promise<T>) => Promise<T>;
  unsafe: unknown;
  options?: Partial<TWorkerConnection> & { max?: number };
};

/** What pg_export_snapshot returns: hex words separated by dashes. Checked before it is spliced into SET TRANSACTION SNAPSHOT (which takes no parameters). */
const SNAPSHOT_ID = /^[0-9A-F]+(?:-[0-9A-F]+)+$/i;

/** The worker entry, from the project root (the server's bundles do not sit beside their sources). */
const WORKER_ENTRY = path.join(/* turbopackIgnore: true */ process.cwd(), 'lib/audit/verify/range-worker.cjs');

/** `bundle`: the worker's code as one script (worker-bundle.ts), else the worker loads through tsx. */
function workerScanner(connection: TWorkerConnection, snapshot: string, bundle: string | null): TRangeScanner {
  return (input, onPage, stopped) =>
    new Promise<TRangeScan>((resolve, reject) => {
      const data: TRangeWorkerData = { connection, snapshot, input };
      const worker = bundle ? new Worker(bundle, { eval: true, workerData: data }) : new Worker(WORKER_ENTRY, { workerData: data });
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        fn();
        void worker.terminate();
      };
      worker.on('message', (m: TRangeWorkerMessage) => {
        // Messages already on their way when the range was settled (or stopped) are not news any more.
        if (settled) return;
        if (m.type === 'page') {
          onPage(m.rows);
          // Another range found a problem: the sequential walk takes over, this range's answer is no longer needed.
          if (stopped()) finish(() => resolve({ first: null, last: null, count: 0, broken: true, mismatched: [], checkpointHashes: [] }));
        } else if (m.type === 'done') finish(() => resolve(m.scan));
        else finish(() => reject(new Error(`verification worker: ${m.message}`)));
      });
      worker.on('error', (e) => finish(() => reject(e)));
      worker.on('exit', (code) => finish(() => reject(new Error(`verification worker exited with code ${code}`))));
    });
}

/** The pool's connection settings as data a worker can receive, or null when they are not plain. */
function connectionOf(pool: TPostgresJsPool): TWorkerConnection | null {
  const o = pool.options;
  if (!o || !Array.isArray(o.host) || !Array.isArray(o.port) || typeof o.database !== 'string' || typeof o.user !== 'string') return null;
  if (o.pass !== undefined && o.pass !== null && typeof o.pass !== 'string') return null;
  return { host: o.host, port: o.port, path: o.path ?? false, database: o.database, user: o.user, pass: o.pass ?? null, ssl: o.ssl ?? false };
}

/**
 * `wanted` scanners (at least 2) sharing the verifier's snapshot, or null when the driver allows
 * none. Workers when `workers` is not false and they can load; otherwise this thread's own
 * connection plus pool connections, bounded by the pool so none waits on the connection the
 * verifier holds.
 */
export async function rangeScanners(db: TDb, tx: TTx, wanted: number, opts: { workers?: boolean; bundled?: boolean } = {}): Promise<{ scanners: TRangeScanner[]; inWorkers: boolean } | null> {
  const pool = (db as unknown as { $client?: Partial<TPostgresJsPool> }).$client;
  const own = rawQueryOf(tx);
  if (!own || typeof pool?.begin !== 'function' || typeof pool.unsafe !== 'function' || wanted < 2) return null;
  const [[id] = []] = await own('SELECT pg_export_snapshot()', []);
  if (!id || !SNAPSHOT_ID.test(id)) return null;
  const connection = connectionOf(pool as TPostgresJsPool);
  if (opts.workers !== false && connection && existsSync(WORKER_ENTRY)) {
    const bundle = opts.bundled === false ? null : await rangeWorkerBundle();
    return { scanners: Array.from({ length: wanted }, () => workerScanner(connection, id, bundle)), inWorkers: true };
  }
  const count = Math.min(wanted, (pool.options?.max ?? 1) - 1);
  if (count < 2) return null;
  const begin = pool.begin.bind(pool) as TPostgresJsPool['begin'];
  const onThisThread: TRangeScanner = (input, onPage, stopped) =>
    begin('isolation level repeatable read read only', async (readerTx) => {
      const query = rawQueryOfClient(readerTx)!;
      await query(`SET TRANSACTION SNAPSHOT '${id}'`, []);
      return scanRange(query, input, { onPage, stopped });
    });
  const first: TRangeScanner = (input, onPage, stopped) => scanRange(own, input, { onPage, stopped });
  return { scanners: [first, ...Array.from({ length: count - 1 }, () => onThisThread)], inWorkers: false };
}
