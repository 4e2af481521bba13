import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquirePgliteLock, PgliteLockedError } from './pglite-lock';

describe('PGlite directory lock', () => {
  it('refuses a second process with a message that says to use Postgres', () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'cs-lock-')), 'pglite');
    const release = acquirePgliteLock(dir);
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', '-e', `import('${path.resolve('db/pglite-lock.ts')}').then(m => (m.acquirePgliteLock ?? m.default.acquirePgliteLock)(${JSON.stringify(dir)}))`],
      { encoding: 'utf8' },
    );
    expect(child.status).not.toBe(0);
    expect(child.stderr).toMatch(/already in use by process \d+/);
    expect(child.stderr).toMatch(/DATABASE_URL/);
    release();
    expect(existsSync(`${dir}.lock`)).toBe(false);
  });

  it('takes over a stale lock left by a dead process', () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'cs-lock-')), 'pglite');
    writeFileSync(`${dir}.lock`, '999999');
    const release = acquirePgliteLock(dir);
    release();
  });

  it('is re-entrant within one process', () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'cs-lock-')), 'pglite');
    const release = acquirePgliteLock(dir);
    expect(() => acquirePgliteLock(dir)).not.toThrow(PgliteLockedError);
    release();
  });
});
