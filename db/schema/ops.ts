/**
 * Operations records: the catalogue of encrypted backups (written by `npm run backup`, marked
 * deleted by `npm run backup:prune`) and the reports of restore rehearsals. The backup files
 * themselves live in BACKUP_DIR; these rows let every app instance show them.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const backups = pgTable(
  'backups',
  {
    /** The backup id, also the file name stem: `<UTC timestamp>-<random>`. */
    id: text().primaryKey(),
    fileName: text().notNull(),
    takenAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    bytes: bigint({ mode: 'number' }).notNull(),
    sha256: text().notNull(),
    keyId: text().notNull(),
    serverVersion: text().notNull(),
    durationMs: integer().notNull(),
    /** The manifest as written beside the file (checksum, audit heads, row counts, versions). */
    manifest: jsonb().$type<Record<string, unknown>>().notNull(),
    deletedAt: timestamp({ withTimezone: true, mode: 'date' }),
    deletedReason: text(),
  },
  (t) => [
    index('backups_taken_idx').on(t.takenAt),
    check('backups_sha256_hex', sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
    check('backups_bytes_positive', sql`${t.bytes} > 0`),
  ],
);

export type TRehearsalCheck = { name: string; status: 'ok' | 'warn' | 'fail' | 'skipped'; detail: string; ms: number };

export const restoreRehearsals = pgTable(
  'restore_rehearsals',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Null when no backup could be found or read at all. */
    backupId: text(),
    backupTakenAt: timestamp({ withTimezone: true, mode: 'date' }),
    startedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    finishedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    outcome: text({ enum: ['passed', 'failed'] }).notNull(),
    failedStep: text(),
    message: text().notNull(),
    /** Recovery point: age of the restored backup when the rehearsal started (data that would be lost). */
    rpoSeconds: integer(),
    /** Recovery time: checksum + decrypt + pg_restore until the scratch database was usable. */
    rtoMs: integer(),
    totalMs: integer().notNull(),
    scratchDatabase: text(),
    scratchKept: boolean().notNull().default(false),
    checks: jsonb().$type<TRehearsalCheck[]>().notNull().default([]),
    host: text().notNull(),
  },
  (t) => [
    index('restore_rehearsals_started_idx').on(t.startedAt),
    check('restore_rehearsals_outcome', sql`${t.outcome} in ('passed', 'failed')`),
    check('restore_rehearsals_failed_step', sql`(${t.outcome} = 'failed') = (${t.failedStep} is not null)`),
  ],
);
