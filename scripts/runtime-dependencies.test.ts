/**
 * What production needs at run time must be a runtime dependency, so an install without dev
 * dependencies (`npm ci --omit=dev`) still has it: the operational commands (migrations, audit
 * verification, backups, key rotation, outbox delivery) run through tsx, and the audit
 * verification workers load their TypeScript body through tsx's CommonJS hook.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

type TPackage = { scripts: Record<string, string>; dependencies: Record<string, string>; devDependencies: Record<string, string> };
type TLock = { packages: Record<string, { dev?: boolean }> };

const root = process.cwd();
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as TPackage;
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as TLock;

/** Commands an operator runs against a production deployment (README "Production notes", docs/backups.md, docs/audit.md). */
const OPERATIONAL = ['db:migrate', 'audit:verify', 'audit:sequence', 'backup', 'backup:prune', 'restore:rehearse', 'outbox:deliver', 'keys:rotate', 'audit:verify-export', 'approvals:verify-proof'];

/** The packages a command line starts with (`tsx …`, `node …` needs none). */
function runnerOf(command: string): string | null {
  const first = command.trim().split(/\s+/)[0]!;
  return first === 'node' ? null : first;
}

describe('runtime dependencies', () => {
  it.each(OPERATIONAL)('%s runs with runtime dependencies only', (name) => {
    const command = pkg.scripts[name];
    expect(command, `package.json has no "${name}" script`).toBeDefined();
    const runner = runnerOf(command!);
    if (runner) {
      expect(pkg.dependencies[runner], `${runner} (used by "${name}") must be in dependencies`).toBeDefined();
      expect(pkg.devDependencies[runner]).toBeUndefined();
      // The lock file is what npm ci installs: a package marked dev is left out by --omit=dev.
      expect(lock.packages[`node_modules/${runner}`], `${runner} is not in package-lock.json`).toBeDefined();
      expect(lock.packages[`node_modules/${runner}`]?.dev, `${runner} is marked dev in package-lock.json`).toBeUndefined();
    }
  });

  it('installs what the audit verification worker requires without dev dependencies', () => {
    const worker = readFileSync(path.join(root, 'lib/audit/verify/range-worker.cjs'), 'utf8');
    const required = [...worker.matchAll(/require\('([^']+)'\)/g)].map((m) => m[1]!).filter((r) => !r.startsWith('node:') && !r.startsWith('.'));
    expect(required).toContain('tsx/cjs/api');
    for (const spec of required) {
      const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
      expect(pkg.dependencies[name], `${name} must be in dependencies`).toBeDefined();
      expect(lock.packages[`node_modules/${name}`]?.dev, `${name} is marked dev in package-lock.json`).toBeUndefined();
    }
  });
});
