import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema';

/** One database type for both drivers (a union of the two driver types breaks `insert()`). */
export type TDb = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle; use cases that must share a transaction take this. */
export type TTx = Parameters<Parameters<TDb['transaction']>[0]>[0];
/** Either a database or an open transaction. */
export type TDbOrTx = TDb | TTx;
