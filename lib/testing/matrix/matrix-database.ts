/**
 * The matrix's database: `createTestDb()` once, plus a way to carry on after an endpoint hangs.
 * An embedded PGlite runs one transaction at a time, so a request that waits on itself (e.g. a
 * second transaction opened inside the first) wedges the whole database; without recovery every
 * later cell would hang too and report nothing. On PGlite the matrix therefore snapshots the
 * database once the cast is enrolled and, after a hang, continues on a fresh copy of that
 * snapshot. The hung cell still fails; only the cells after it are rescued.
 */
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { setDbForTests, type TDbHandle } from '@/db/client';
import * as schema from '@/db/schema';
import type { TDb } from '@/db/types';
import { createTestDb, type TTestDb } from '@/lib/testing/db';

export type TMatrixDatabase = {
  readonly driver: TDbHandle['driver'];
  /** The database cells run against now. */
  db: () => TDb;
  /** Snapshot the current state as the restore point (call once the fixtures are in place). */
  markRestorePoint: () => Promise<void>;
  /** After a hung request: switch to a fresh copy of the restore point. False when that is impossible (Postgres). */
  replaceAfterHang: () => Promise<boolean>;
  dispose: () => Promise<void>;
};

type TPgliteDrizzle = { $client: PGlite };

export async function openMatrixDatabase(): Promise<TMatrixDatabase> {
  const original: TTestDb = await createTestDb();
  let current: TDbHandle = original;
  let snapshot: File | Blob | null = null;
  let replaced = false;

  return {
    driver: original.driver,
    db: () => current.db,
    markRestorePoint: async () => {
      if (original.driver !== 'pglite') return;
      snapshot = await (original.db as unknown as TPgliteDrizzle).$client.dumpDataDir('none');
    },
    replaceAfterHang: async () => {
      if (!snapshot) return false;
      const client = await PGlite.create({ loadDataDir: snapshot });
      const db = drizzle(client, { schema, casing: 'snake_case' }) as unknown as TDb;
      // The wedged instance is abandoned, not closed: closing waits for the transaction that never ends.
      current = { db, driver: 'pglite', close: () => client.close() };
      setDbForTests(current);
      replaced = true;
      return true;
    },
    dispose: async () => {
      if (!replaced) return original.dispose();
      setDbForTests(undefined);
      await current.close();
    },
  };
}
