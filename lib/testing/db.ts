/**
 * A fresh, migrated database per test file: a new PostgreSQL database on the server in
 * DATABASE_URL when it is set (dropped afterwards), otherwise an in-memory PGlite.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, setDbForTests, type TDbHandle } from '@/db/client';

export type TTestDb = TDbHandle & { url?: string; adminUrl?: string; dispose: () => Promise<void> };

export async function createTestDb(): Promise<TTestDb> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const handle = await openDatabase({ migrate: true });
    setDbForTests(handle);
    return { ...handle, dispose: async () => { setDbForTests(undefined); await handle.close(); } };
  }
  const name = `cs_it_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(base, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), migrate: true, max: 60 });
  setDbForTests(handle);
  return {
    ...handle,
    url: url.toString(),
    adminUrl: base,
    dispose: async () => {
      setDbForTests(undefined);
      await handle.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end({ timeout: 5 });
    },
  };
}
