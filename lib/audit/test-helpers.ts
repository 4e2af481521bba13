/**
 * Test-only helpers for the audit suites: bulk appends, reading a chain back, and a
 * privileged "attacker" transaction that bypasses the append-only triggers.
 */
import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import { beforeAll } from 'vitest';
import { auditEvents } from '@/db/schema';
import type { TDbHandle } from '@/db/client';
import type { TDb, TTx } from '@/db/types';
import { resetEnvForTests } from '@/lib/env';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { appendAuditEvent, type TAppendedAuditEvent } from './append-audit-event';
import type { TAuditEventRow } from './hash-audit-event';

export const AUDIT_TABLES = ['audit_events', 'audit_checkpoints'] as const;

/** Appends `n` sign-in events to `chain`, each in its own transaction (as real callers do). */
export async function appendSampleEvents(db: TDb, n: number, chain = 'main'): Promise<TAppendedAuditEvent[]> {
  const out: TAppendedAuditEvent[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      await db.transaction((tx) =>
        appendAuditEvent(tx, {
          chain,
          action: 'auth.sign_in.succeeded',
          actor: { type: 'staff', id: `staff-${i % 7}` },
          target: { type: 'session', id: `session-${i}` },
          result: 'success',
          meta: { requestId: `req-${i}`, ip: '127.0.0.1', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0' },
          data: { passkeyId: `pk-${i}` },
        }),
      ),
    );
  }
  return out;
}

export async function readChain(db: TDb | TTx, chain = 'main'): Promise<TAuditEventRow[]> {
  return db.select().from(auditEvents).where(eq(auditEvents.chain, chain)).orderBy(asc(auditEvents.seq));
}

export async function readEvent(db: TDb | TTx, chain: string, seq: number): Promise<TAuditEventRow> {
  const [row] = await db.select().from(auditEvents).where(and(eq(auditEvents.chain, chain), eq(auditEvents.seq, seq)));
  if (!row) throw new Error(`no event ${chain}#${seq}`);
  return row;
}

/**
 * Runs `fn` as a privileged attacker would: triggers bypassed for this transaction only
 * (session_replication_role on Postgres; DISABLE TRIGGER USER on PGlite, re-enabled before commit).
 */
export async function withTriggersBypassed(handle: Pick<TDbHandle, 'db' | 'driver'>, fn: (tx: TTx) => Promise<void>): Promise<void> {
  await handle.db.transaction(async (tx) => {
    if (handle.driver === 'postgres') {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await fn(tx);
      return;
    }
    for (const t of AUDIT_TABLES) await tx.execute(sql.raw(`ALTER TABLE ${t} DISABLE TRIGGER USER`));
    await fn(tx);
    for (const t of AUDIT_TABLES) await tx.execute(sql.raw(`ALTER TABLE ${t} ENABLE TRIGGER USER`));
  });
}

/** Sets checkpoint cadence for a test file (env is parsed once, so it is reset around the change). */
export function withCheckpointPolicy(every: number, minutes = 60): () => void {
  process.env.AUDIT_CHECKPOINT_EVERY = String(every);
  process.env.AUDIT_CHECKPOINT_MINUTES = String(minutes);
  resetEnvForTests();
  return () => {
    delete process.env.AUDIT_CHECKPOINT_EVERY;
    delete process.env.AUDIT_CHECKPOINT_MINUTES;
    resetEnvForTests();
  };
}

/** A file's test database with checkpoints every `every` events; return `teardown` from beforeAll. */
export async function createCheckpointedTestDb(every: number): Promise<{ t: TTestDb; teardown: () => Promise<void> }> {
  const restoreEnv = withCheckpointPolicy(every);
  const t = await createTestDb();
  return {
    t,
    teardown: async () => {
      await t.dispose();
      restoreEnv();
    },
  };
}

/** The calling test file's database with checkpoints every `every` events, opened before its tests and disposed after them. */
export function checkpointedTestDbPerFile(every: number): () => TTestDb {
  let t: TTestDb | undefined;
  beforeAll(async () => {
    const opened = await createCheckpointedTestDb(every);
    t = opened.t;
    return opened.teardown;
  });
  return () => t!;
}

/** The database's own message for a failed query (drizzle wraps it as `cause`). */
export async function dbErrorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e) {
    const err = e as Error & { cause?: { message?: string } };
    return `${err.cause?.message ?? ''} | ${err.message}`;
  }
  return 'no error: the statement succeeded';
}
