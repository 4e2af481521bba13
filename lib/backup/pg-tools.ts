/**
 * pg_dump / pg_restore: finding a version that matches the server, and running them with the
 * connection passed through libpq environment variables (never on the command line, where
 * `ps` would show the password).
 */
import { BackupError } from './backup-error';
import 'server-only';
import { spawn, execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

export type TPgTool = 'pg_dump' | 'pg_restore';
export type TPgToolInfo = { path: string; version: string; major: number };

export class PgToolError extends BackupError {}

/** libpq variables for a postgres:// URL (database overridable). */
export function pgEnvFromUrl(url: string, database?: string): Record<string, string> {
  const u = new URL(url);
  const out: Record<string, string> = {
    PGHOST: decodeURIComponent(u.hostname.replace(/^\[|\]$/g, '')) || '127.0.0.1',
    PGPORT: u.port || '5432',
    PGDATABASE: database ?? decodeURIComponent(u.pathname.replace(/^\//, '') || 'postgres'),
    PGCONNECT_TIMEOUT: '10',
  };
  if (u.username) out.PGUSER = decodeURIComponent(u.username);
  if (u.password) out.PGPASSWORD = decodeURIComponent(u.password);
  const sslmode = u.searchParams.get('sslmode');
  if (sslmode) out.PGSSLMODE = sslmode;
  return out;
}

/** Prefers the Debian per-major binary (/usr/lib/postgresql/<major>/bin) over whatever PATH has. */
export async function findPgTool(tool: TPgTool, serverMajor: number): Promise<TPgToolInfo> {
  const dirs = [`/usr/lib/postgresql/${serverMajor}/bin`, '/usr/local/bin', '/usr/bin', '/opt/homebrew/bin', '/usr/local/pgsql/bin'];
  let found: TPgToolInfo | null = null;
  for (const path of dirs.map((d) => `${d}/${tool}`)) {
    if (!existsSync(path)) continue;
    try {
      const { stdout } = await promisify(execFile)(path, ['--version'], { timeout: 10_000 });
      const match = /(\d+)(?:\.(\d+))?/.exec(stdout.trim());
      if (match) {
        found = { path, version: stdout.trim(), major: Number(match[1]) };
        break;
      }
    } catch {
      // Not installed here; try the next candidate.
    }
  }
  if (!found) throw new PgToolError(`${tool} was not found: install the PostgreSQL ${serverMajor} client tools (Debian: apt-get install postgresql-client-${serverMajor})`);
  if (found.major < serverMajor) {
    throw new PgToolError(`${found.path} is version ${found.major} but the server is PostgreSQL ${serverMajor}: ${tool} must be at least the server's major version (install postgresql-client-${serverMajor})`);
  }
  return found;
}

export type TRunResult = { code: number; stderr: string };

/**
 * Spawns a tool with only the libpq variables it needs (the parent's secrets are not
 * inherited); stdin/stdout are wired by the caller; stderr is kept (last 4 KB) for messages.
 */
export function spawnPgTool(tool: TPgToolInfo, args: string[], env: Record<string, string>) {
  const child = spawn(tool.path, args, { env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C', ...env } as unknown as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] as const });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString('utf8')).slice(-4096);
  });
  const done = new Promise<TRunResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stderr: stderr.trim() }));
  });
  return { child, done };
}
