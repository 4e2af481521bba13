/**
 * Exclusive use of a PGlite directory. PGlite has no locking of its own and two processes
 * opening one directory silently lose writes, so a second opener is refused.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

export class PgliteLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The embedded database in ${dir} is already in use by process ${pid}. ` +
        'PGlite allows one process only: stop that process, or set DATABASE_URL to use PostgreSQL ' +
        'for anything that needs several processes (two instances, CLI commands while the server runs).',
    );
    this.name = 'PgliteLockedError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock for this process (re-entrant within the process); returns a release function. */
export function acquirePgliteLock(dir: string): () => void {
  const lockFile = path.resolve(dir) + '.lock';
  mkdirSync(path.dirname(lockFile), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      const release = () => rmSync(lockFile, { force: true });
      process.once('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number.parseInt(readFileSync(lockFile, 'utf8'), 10);
      if (holder === process.pid) return () => undefined;
      if (Number.isFinite(holder) && isAlive(holder)) throw new PgliteLockedError(dir, holder);
      // The holder died without releasing: the lock is stale.
      rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Could not lock ${dir}`);
}
