/**
 * Authorization matrix (ASVS V8, issue 3): every server action and session-bound route handler,
 * called for real with a mocked request context, as every principal (anonymous, each built-in
 * role, a disabled staff member, an expired session) against their own record, someone else's
 * and one that does not exist. Expectations are the hand-written table in
 * lib/testing/matrix/expected-access.ts; the inventory test fails when an endpoint under app/
 * is missing from that table, so a new endpoint cannot ship untested.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { duplicateKeys, discoverEndpoints, type TDiscoveredEndpoint } from '@/lib/testing/matrix/enumerate-endpoints';
import { MATRIX, PUBLIC_ENDPOINTS } from '@/lib/testing/matrix/expected-access';
import { openMatrixDatabase, type TMatrixDatabase } from '@/lib/testing/matrix/matrix-database';
import { assembleCast, type TCast } from '@/lib/testing/matrix/principals';
import { PUBLIC_PROBES } from '@/lib/testing/matrix/public-probes';
import { enterRequest } from '@/lib/testing/matrix/request-context';
import { cellsOf, describeExpectation, runCell } from '@/lib/testing/matrix/run-cell';

vi.mock('next/headers', async () => (await import('@/lib/testing/matrix/request-context')).nextHeadersMock);
vi.mock('next/cache', () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

const TARGET_LABEL = { own: 'own record', other: "someone else's record", none: 'non-existent record' } as const;

let matrixDb: TMatrixDatabase;
let cast: TCast;
const cells = cellsOf(MATRIX);
const tally = { passed: 0, failed: 0, hung: 0 };

beforeAll(async () => {
  matrixDb = await openMatrixDatabase();
  cast = await assembleCast(matrixDb.db());
  await matrixDb.markRestorePoint();
});

afterAll(async () => {
  console.log(
    `authorization matrix: ${cells.length} cells (${MATRIX.length} endpoint rows × 8 principals × own/other/none targets where taken); ` +
      `${tally.passed} passed, ${tally.failed} failed (${tally.hung} hung) on ${matrixDb?.driver}; ${Object.keys(PUBLIC_ENDPOINTS).length} endpoints public by design`,
  );
  await matrixDb?.dispose();
});

describe('authorization matrix', () => {
  for (const row of MATRIX) {
    describe(row.driver, () => {
      for (const cell of cells.filter((c) => c.row === row)) {
        const target = cell.target ? ` · ${TARGET_LABEL[cell.target]}` : '';
        it(`${cell.principal}${target}: ${describeExpectation(row, cell.expected)}`, async () => {
          let result = { problems: ['the cell threw before finishing'], hung: false };
          try {
            result = await runCell(matrixDb.db(), cast, cell);
          } finally {
            tally[result.problems.length === 0 ? 'passed' : 'failed']++;
          }
          if (result.hung) {
            tally.hung++;
            // A hung request can wedge an embedded database; later cells continue on a fresh copy.
            await matrixDb.replaceAfterHang();
          }
          expect(result.problems).toEqual([]);
        });
      }
    });
  }
});

describe('public endpoints', () => {
  for (const [endpoint, probe] of Object.entries(PUBLIC_PROBES)) {
    it(`${endpoint} answers an anonymous caller with 200 (listed as public)`, async () => {
      expect(PUBLIC_ENDPOINTS).toHaveProperty([endpoint]);
      await enterRequest({ sessionId: null, binding: cast.anonymousBinding, ip: '203.0.113.77' });
      expect((await probe()).status).toBe(200);
    });
  }
});

describe('endpoint inventory', () => {
  let discovered: TDiscoveredEndpoint[];
  beforeAll(async () => {
    discovered = await discoverEndpoints(path.resolve(process.cwd(), 'app'));
  });

  it('finds the endpoints (the walk itself works)', () => {
    expect(discovered.map((e) => e.key)).toContain('GET /api/me');
  });

  it('every server action and route handler under app/ is in the matrix or listed as public', () => {
    const covered = new Set([...MATRIX.map((r) => r.endpoint), ...Object.keys(PUBLIC_ENDPOINTS)]);
    const missing = discovered.filter((e) => !covered.has(e.key)).map((e) => `${e.key} (${e.file})`);
    expect(missing, 'endpoints missing from lib/testing/matrix/expected-access.ts').toEqual([]);
  });

  it('every table entry names an endpoint that still exists', () => {
    const present = new Set(discovered.map((e) => e.key));
    const stale = [...MATRIX.map((r) => r.endpoint), ...Object.keys(PUBLIC_ENDPOINTS)].filter((key) => !present.has(key));
    expect(stale, 'table entries without an endpoint').toEqual([]);
  });

  it('server action names are unique across modules (the table keys actions by name)', () => {
    expect(duplicateKeys(discovered.filter((e) => !/^[A-Z]+ \//.test(e.key)))).toEqual([]);
  });
});
