/**
 * The one database client factory: DATABASE_URL set → PostgreSQL through postgres.js;
 * unset → embedded PGlite in `<DATA_DIR>/pglite`, locked for this process.
 * Migrations are applied on open in development/test and by `npm run db:migrate` elsewhere.
 */
import 'server-only';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { env } from '@/lib/env';
import * as schema from './schema';
import type { TDb } from './types';
import { acquirePgliteLock } from './pglite-lock';

export const MIGRATIONS_FOLDER = path.resolve(process.cwd(), 'db/migrations');

export type TDbHandle = { db: TDb; driver: 'postgres' | 'pglite'; close: () => Promise<void> };

/** Opens a database. `url` undefined → PGlite at `pgliteDir` (or in memory when pgliteDir is 'memory://'). */
export async function openDatabase(opts: { url?: string; pgliteDir?: string; migrate?: boolean; max?: number }): Promise<TDbHandle> {
  if (opts.url) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const client = postgres(opts.url, { max: opts.max ?? 10, onnotice: () => undefined, prepare: true });
    const db = drizzle(client, { schema, casing: 'snake_case' }) as unknown as TDb;
    if (opts.migrate) {
      const { migrate } = await import('drizzle-orm/postgres-js/migrator');
      await migrate(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    }
    return { db, driver: 'postgres', close: () => client.end({ timeout: 5 }) };
  }
  const dir = opts.pgliteDir ?? 'memory://';
  let release = () => undefined as void;
  // The data directory is runtime configuration, not a source path: keep the bundler from tracing it.
  const absolute = dir.startsWith('memory://') ? undefined : path.resolve(/* turbopackIgnore: true */ dir);
  if (absolute) {
    mkdirSync(path.dirname(absolute), { recursive: true });
    release = acquirePgliteLock(dir);
  }
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const { drizzle } = await import('drizzle-orm/pglite');
    const client = await PGlite.create(absolute);
    const db = drizzle(client, { schema, casing: 'snake_case' }) as unknown as TDb;
    if (opts.migrate) {
      const { migrate } = await import('drizzle-orm/pglite/migrator');
      await migrate(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    }
    return {
      db,
      driver: 'pglite',
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}

type TGlobal = { __countersignDb?: Promise<TDbHandle> };
const g = globalThis as TGlobal;

/** The process-wide database (opened once; a failed open is not cached so the next call retries). */
export function getDbHandle(): Promise<TDbHandle> {
  if (!g.__countersignDb) {
    const e = env();
    const p = openDatabase({
      url: e.databaseUrl,
      pgliteDir: e.pgliteDir,
      migrate: !e.isProductionLike,
    });
    g.__countersignDb = p;
    p.catch(() => {
      if (g.__countersignDb === p) g.__countersignDb = undefined;
    });
  }
  return g.__countersignDb;
}

export async function getDb(): Promise<TDb> {
  return (await getDbHandle()).db;
}

/** Test hook: use a given database as the process-wide one. */
export function setDbForTests(handle: TDbHandle | undefined): void {
  g.__countersignDb = handle ? Promise.resolve(handle) : undefined;
}
