import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import type { TDb } from '@/db/types';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { checkReadiness, expectedMigrationStamps, pendingMigrations } from './check-readiness';

let t: TTestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.dispose();
});

describe('checkReadiness', () => {
  it('is ready on a reachable, fully migrated database', async () => {
    expect(await checkReadiness({ db: t.db })).toEqual({ ready: true, checks: { database: 'ok', migrations: 'ok' } });
  });

  it('uses the process-wide database by default', async () => {
    expect((await checkReadiness()).ready).toBe(true);
  });

  it('reports pending migrations when the build ships one the database lacks', async () => {
    const expected = [...expectedMigrationStamps(), '9999999999999'];
    expect(await checkReadiness({ db: t.db, expected })).toEqual({
      ready: false,
      checks: { database: 'ok', migrations: 'fail' },
    });
  });

  it('reports migrations as failed on a database that was never migrated', async () => {
    const bare = await openDatabase({ migrate: false });
    try {
      expect(await checkReadiness({ db: bare.db })).toEqual({ ready: false, checks: { database: 'ok', migrations: 'fail' } });
    } finally {
      await bare.close();
    }
  });

  it('reports the database as failed when it does not answer, without details', async () => {
    const down = { execute: () => Promise.reject(new Error('ECONNREFUSED 10.0.0.5:5432')) } as unknown as TDb;
    const result = await checkReadiness({ db: down });
    expect(result).toEqual({ ready: false, checks: { database: 'fail', migrations: 'skipped' } });
    expect(JSON.stringify(result)).not.toContain('ECONNREFUSED');
  });
});

describe('migration stamps', () => {
  it('reads one stamp per journal entry', () => {
    expect(expectedMigrationStamps({ entries: [{ when: 1 }, { when: 22 }] })).toEqual(['1', '22']);
    expect(expectedMigrationStamps().length).toBeGreaterThan(0);
  });

  it('treats a database ahead of the build as current', () => {
    expect(pendingMigrations(['1', '2'], ['1', '2', '3'])).toEqual([]);
    expect(pendingMigrations(['1', '2', '3'], ['1', '2'])).toEqual(['3']);
  });
});
