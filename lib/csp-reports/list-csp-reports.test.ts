import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { cspReports } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { buildAbility } from '@/lib/permissions/ability';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { listCspReports } from './list-csp-reports';

let t: TTestDb;
const admin = { ability: buildAbility([{ action: 'read', subject: 'CspReport' }], { id: randomUUID() }) };
const analyst = { ability: buildAbility([{ action: 'read', subject: 'Transaction' }], { id: randomUUID() }) };

beforeAll(async () => {
  t = await createTestDb();
  const base = Date.parse('2026-03-01T00:00:00Z');
  await t.db.insert(cspReports).values(
    Array.from({ length: 5 }, (_, i) => ({
      fingerprint: `fp-${i}`,
      documentUri: `http://localhost:3000/page-${i}`,
      effectiveDirective: 'script-src-elem',
      blockedUri: 'inline',
      disposition: 'enforce',
      count: i + 1,
      // Two rows share a timestamp so the id tie-breaker is exercised.
      lastSeenAt: new Date(base + Math.min(i, 3) * 1000),
    })),
  );
});
afterAll(async () => {
  await t.dispose();
});

describe('listCspReports', () => {
  it('pages through every report, most recently seen first, without repeats', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 5; i++) {
      const page = await listCspReports(admin, { limit: 2, cursor });
      seen.push(...page.items.map((r) => r.documentUri));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect(seen.slice(2)).toEqual(['http://localhost:3000/page-2', 'http://localhost:3000/page-1', 'http://localhost:3000/page-0']);
  });

  it('refuses staff without read on CspReport', async () => {
    await expect(listCspReports(analyst)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses a forged cursor with a validation error', async () => {
    const err = await listCspReports(admin, { cursor: 'not-a-cursor' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'VALIDATION' });
  });
});
