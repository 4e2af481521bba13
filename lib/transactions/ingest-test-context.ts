/** Vitest setup shared by ingest test files: a fresh database and an ingest service token per file. */
import { afterAll, beforeAll } from 'vitest';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { makeToken } from './ingest-test-helpers';

export type TIngestTestContext = { t: TTestDb; token: Awaited<ReturnType<typeof makeToken>> };

/** Registers the hooks; the returned object is filled before the file's first test runs. */
export function setUpIngestTestDb(): TIngestTestContext {
  const ctx = {} as TIngestTestContext;
  beforeAll(async () => {
    ctx.t = await createTestDb();
    ctx.token = await makeToken(ctx.t.db);
  });
  afterAll(async () => ctx.t?.dispose());
  return ctx;
}
