/**
 * Test-only: whether backup tests can run here (PostgreSQL in DATABASE_URL and a pg_dump /
 * pg_restore at least as new as the server), and helpers to run the commands as operators do.
 */
import { spawnSync } from 'node:child_process';
import postgres from 'postgres';
import { findPgTool } from '../pg-tools';

/** null when the tests can run, else the reason they are skipped. */
export async function backupSkipReason(): Promise<string | null> {
  const url = process.env.DATABASE_URL;
  if (!url) return 'needs PostgreSQL: DATABASE_URL is unset (PGlite cannot be read by pg_dump)';
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    const [row] = await sql<{ num: string }[]>`select current_setting('server_version_num') as num`;
    const major = Math.floor(Number(row!.num) / 10_000);
    await findPgTool('pg_dump', major);
    await findPgTool('pg_restore', major);
    return null;
  } catch (e) {
    return `pg_dump/pg_restore unusable here: ${(e as Error).message}`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Runs an npm script in a child process against the given database and backup directory. */
export function runNpmScript(script: string, args: string[], env: { databaseUrl: string; backupDir: string; extra?: Record<string, string> }) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, APP_ENV: 'test', DATABASE_URL: env.databaseUrl, BACKUP_DIR: env.backupDir, ...env.extra };
  const r = spawnSync('npm', ['run', '-s', script, '--', ...args], { env: childEnv, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}
