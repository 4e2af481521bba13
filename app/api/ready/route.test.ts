import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDbForTests } from '@/db/client';
import type { TDb } from '@/db/types';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { GET as health } from '../health/route';
import { GET as ready } from './route';

let t: TTestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.dispose();
});

const get = () => ready(new NextRequest('http://localhost:3000/api/ready'), { params: Promise.resolve({}) });

describe('GET /api/health', () => {
  it('answers 200 ok without touching the database', async () => {
    const res = health();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('GET /api/ready', () => {
  it('answers 200 when the database answers and migrations are current', async () => {
    const res = await get();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok' } });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('answers 503 naming the failed check when the database is down', async () => {
    const down = { execute: () => Promise.reject(new Error('connection refused')) } as unknown as TDb;
    setDbForTests({ db: down, driver: 'postgres', close: async () => undefined });
    try {
      const res = await get();
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'not_ready', checks: { database: 'fail', migrations: 'skipped' } });
    } finally {
      setDbForTests(t);
    }
  });
});
