/**
 * Readiness for load balancers: the database answers `select 1` and every migration this
 * build ships (db/migrations/meta/_journal.json, bundled at build time) is recorded in
 * drizzle's `drizzle.__drizzle_migrations`. Details of failures go to the log only; the
 * caller gets check names and states.
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import type { TDbOrTx } from '@/db/types';
import journal from '@/db/migrations/meta/_journal.json';
import { logger } from '@/lib/log/logger';

export type TCheckState = 'ok' | 'fail' | 'skipped';
export type TReadiness = {
  ready: boolean;
  checks: { database: TCheckState; migrations: TCheckState };
};

const DB_TIMEOUT_MS = 2_000;

/** Drizzle records each applied migration with `created_at` = the journal entry's `when`. */
export function expectedMigrationStamps(j: { entries: { when: number }[] } = journal): string[] {
  return j.entries.map((e) => String(e.when));
}

function rowsOf(result: unknown): Record<string, unknown>[] {
  // postgres.js returns an array of rows; PGlite returns { rows }.
  if (Array.isArray(result)) return result as Record<string, unknown>[];
  const rows = (result as { rows?: unknown } | null)?.rows;
  return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Applied stamps missing from the database; empty means current. A newer database is fine. */
export function pendingMigrations(expected: string[], applied: string[]): string[] {
  const have = new Set(applied);
  return expected.filter((s) => !have.has(s));
}

export async function checkReadiness(opts: { db?: TDbOrTx; expected?: string[] } = {}): Promise<TReadiness> {
  let db: TDbOrTx;
  try {
    db = opts.db ?? (await withTimeout(getDb(), DB_TIMEOUT_MS));
    await withTimeout(db.execute(sql`select 1`), DB_TIMEOUT_MS);
  } catch (err) {
    logger().warn({ err }, 'readiness: database unreachable');
    return { ready: false, checks: { database: 'fail', migrations: 'skipped' } };
  }
  try {
    const result = await withTimeout(
      db.execute(sql`select created_at::text as created_at from drizzle.__drizzle_migrations`),
      DB_TIMEOUT_MS,
    );
    const applied = rowsOf(result).map((r) => String(r.created_at));
    const pending = pendingMigrations(opts.expected ?? expectedMigrationStamps(), applied);
    if (pending.length > 0) {
      logger().warn({ pending }, 'readiness: migrations not applied');
      return { ready: false, checks: { database: 'ok', migrations: 'fail' } };
    }
  } catch (err) {
    // No migrations table yet counts as "not migrated", not as a database outage.
    logger().warn({ err }, 'readiness: migrations table unreadable');
    return { ready: false, checks: { database: 'ok', migrations: 'fail' } };
  }
  return { ready: true, checks: { database: 'ok', migrations: 'ok' } };
}
