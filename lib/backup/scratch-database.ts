/**
 * The scratch database a rehearsal restores into: always freshly created from template0
 * under a `cs_rehearsal_<timestamp>_<random>` name, never the live database, and dropped
 * (WITH FORCE) afterwards.
 */
import 'server-only';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { BackupError } from './backup-error';

export const SCRATCH_PREFIX = 'cs_rehearsal_';
const SCRATCH_NAME = /^cs_rehearsal_\d{8}t\d{6}z_[0-9a-f]{8}$/;

export function scratchDatabaseName(at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'z').toLowerCase();
  return `${SCRATCH_PREFIX}${stamp}_${randomBytes(4).toString('hex')}`;
}

/** The live URL with its database swapped for `name`. */
export function urlForDatabase(liveUrl: string, name: string): string {
  const u = new URL(liveUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

function assertScratch(liveUrl: string, name: string): void {
  const live = decodeURIComponent(new URL(liveUrl).pathname.replace(/^\//, ''));
  if (!SCRATCH_NAME.test(name) || name === live) {
    throw new BackupError(`refusing to use "${name}" as a scratch database (it must be a new cs_rehearsal_… database, never the live one)`);
  }
}

export async function createScratchDatabase(liveUrl: string, name: string): Promise<void> {
  assertScratch(liveUrl, name);
  const sql = postgres(liveUrl, { max: 1, onnotice: () => undefined });
  try {
    // Fails if it exists: a rehearsal never restores into a database that was already there.
    await sql.unsafe(`CREATE DATABASE "${name}" TEMPLATE template0`);
  } catch (e) {
    throw new BackupError(`could not create the scratch database ${name}: ${(e as Error).message} (the database role needs CREATEDB)`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export async function dropScratchDatabase(liveUrl: string, name: string): Promise<void> {
  assertScratch(liveUrl, name);
  const sql = postgres(liveUrl, { max: 1, onnotice: () => undefined });
  try {
    await sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
