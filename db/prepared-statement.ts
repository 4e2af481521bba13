/**
 * Fixed-text statements run as NAMED prepared statements.
 *
 * postgres.js sends an unnamed statement that has parameters (what drizzle's execute() and query
 * builder produce) in two round trips: Parse/Describe, wait for the parameter types, then
 * Bind/Execute. A named statement is described once per connection and costs one round trip
 * afterwards (one socket write, one wake-up of the backend fewer). Only statements whose text
 * never changes belong here (variable-length input travels as ONE jsonb parameter), so the
 * per-connection statement cache stays bounded. PGlite ignores the name and runs the same text.
 */
import type { TDbOrTx } from './types';

export type TPreparedStatement = { name: string; text: string };

/** Runs `statement` with `params` on `db` (a transaction or the pool) and returns its rows, keyed by column name as the database spells them. */
export async function runPrepared<T>(db: TDbOrTx, statement: TPreparedStatement, params: unknown[]): Promise<T[]> {
  const result: unknown = await db._.session.prepareQuery({ sql: statement.text, params }, undefined, statement.name, false).execute();
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}
