/**
 * The verifier's raw access to the database for the fast read path (packed-chain-rows.ts):
 * array-mode queries on postgres.js or PGlite; for any other client `rawQueryOf` gives null and
 * the verifier reads full drizzle rows.
 */
import 'server-only';
import type { TTx } from '@/db/types';
import type { TRawQuery } from './packed-chain-rows';

export { canonicalJsonbText, isoOfTimestampText, readChainPage, type TChainPageRow, type TRawQuery } from './packed-chain-rows';

type TPostgresJsClient = { unsafe: (q: string, p: unknown[]) => { values: () => Promise<(string | null)[][]> } };
type TPgliteClient = { query: (q: string, p: unknown[], o: { rowMode: 'array' }) => Promise<{ rows: (string | null)[][] }> };

/** A raw, array-mode query on a postgres.js or PGlite client (or transaction), or null for anything else. */
export function rawQueryOfClient(client: unknown): TRawQuery | null {
  const c = client as Partial<TPostgresJsClient & TPgliteClient> | undefined;
  if (!c) return null;
  if (typeof c.unsafe === 'function') {
    const pg = c as TPostgresJsClient;
    return (q, p) => pg.unsafe(q, p).values();
  }
  if (typeof c.query === 'function') {
    const lite = c as TPgliteClient;
    return async (q, p) => (await lite.query(q, p, { rowMode: 'array' })).rows;
  }
  return null;
}

/** A raw query on the transaction's own connection (same snapshot), or null for an unknown driver. */
export function rawQueryOf(tx: TTx): TRawQuery | null {
  return rawQueryOfClient((tx as unknown as { session?: { client?: unknown } }).session?.client);
}
