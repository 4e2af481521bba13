/** scripts/verify-audit-export.ts as an auditor runs it: a separate process, files only, no database or secrets. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withFirstAdminDb, type TFirstAdmin } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { canonicalJson } from '../canonical-json';
import { appendSampleEvents } from '../test-helpers';
import type { TAuditExportManifest } from './manifest';
import { exportToText, grantAuditorRole } from './test-bundle';

let t: TTestDb;
let admin: TFirstAdmin;
let lines: string[];
let manifest: TAuditExportManifest;
const dir = mkdtempSync(path.join(tmpdir(), 'cs-audit-export-'));
withFirstAdminDb((ctx) => ({ t, admin } = ctx));
beforeAll(async () => {
  const auditor = await grantAuditorRole(t.db, admin);
  await appendSampleEvents(t.db, 8);
  const { text, result } = await exportToText(t.db, auditor, { format: 'jsonl' });
  lines = text.trimEnd().split('\n');
  manifest = result.manifest!;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runScript(eventLines: string[], m: unknown, extra: string[] = []): { status: number | null; out: string } {
  const events = path.join(dir, 'events.jsonl');
  const manifestFile = path.join(dir, 'manifest.json');
  writeFileSync(events, `${eventLines.join('\n')}\n`);
  writeFileSync(manifestFile, JSON.stringify(m, null, 2));
  // No DATABASE_URL and no signing key: the verifier must not need them.
  const env: NodeJS.ProcessEnv = { NODE_ENV: 'test', PATH: process.env.PATH, HOME: process.env.HOME };
  const tsx = path.resolve('node_modules/.bin/tsx');
  const r = spawnSync(tsx, ['scripts/verify-audit-export.ts', events, manifestFile, ...extra], { env, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

describe('scripts/verify-audit-export.ts', () => {
  it('exits 0 for a valid bundle', () => {
    const r = runScript(lines, manifest, ['--key-id', manifest.publicKey.keyId]);
    expect(r.out).toContain(`OK — ${manifest.rows} events (contiguous chain), checkpoint seq ${manifest.lastSeq} verified, manifest signed by the pinned key`);
    expect(r.status).toBe(0);
  });

  it('exits 1 as UNAUTHENTICATED for an intact bundle when no key is pinned (anyone can re-sign with a key of their own)', () => {
    const r = runScript(lines, manifest);
    expect(r.out).toContain('UNAUTHENTICATED');
    expect(r.out).toContain('--key-id');
    expect(r.status).toBe(1);
  });

  it('exits 1 and prints the first bad line and why for an edited line', () => {
    const edited = [...lines];
    edited[2] = canonicalJson({ ...(JSON.parse(edited[2]!) as object), result: 'denied' });
    const r = runScript(edited, manifest);
    expect(r.out).toContain('INVALID at line 3 (seq 3): modified');
    expect(r.status).toBe(1);
  });

  it('exits 1 for a forged manifest', () => {
    const r = runScript(lines, { ...manifest, lastHash: 'e'.repeat(64) }, ['--key-id', manifest.publicKey.keyId]);
    expect(r.out).toContain('INVALID at manifest: bad_manifest_signature');
    expect(r.status).toBe(1);
  });

  it('exits 1 when the manifest key is not the pinned one', () => {
    const r = runScript(lines, manifest, ['--key-id', '0123456789abcdef']);
    expect(r.out).toContain('untrusted_key');
    expect(r.status).toBe(1);
  });

  it('exits 0 for a valid single-file bundle (events, then the manifest line)', () => {
    const bundle = path.join(dir, 'bundle.jsonl');
    writeFileSync(bundle, `${[...lines, JSON.stringify({ manifest })].join('\n')}\n`);
    const r = runBundle(bundle, ['--key-id', manifest.publicKey.keyId]);
    expect(r.out).toContain(`OK — ${manifest.rows} events (contiguous chain)`);
    expect(r.status).toBe(0);
  });

  it('exits 1 for a bundle with a line removed', () => {
    const bundle = path.join(dir, 'bundle-cut.jsonl');
    writeFileSync(bundle, `${[...lines.slice(0, 3), ...lines.slice(4), JSON.stringify({ manifest })].join('\n')}\n`);
    const r = runBundle(bundle);
    expect(r.out).toContain('INVALID at line 4 (seq 4): missing');
    expect(r.status).toBe(1);
  });

  it('exits 1 for a bundle without its manifest line', () => {
    const bundle = path.join(dir, 'bundle-no-manifest.jsonl');
    writeFileSync(bundle, `${lines.join('\n')}\n`);
    expect(runBundle(bundle).status).toBe(1);
  });

  it('exits 2 with usage when no file is named', () => {
    const r = spawnSync(path.resolve('node_modules/.bin/tsx'), ['scripts/verify-audit-export.ts'], { encoding: 'utf8' });
    expect(r.stderr).toContain('usage:');
    expect(r.status).toBe(2);
  });
});

function runBundle(bundle: string, extra: string[] = []): { status: number | null; out: string } {
  const env: NodeJS.ProcessEnv = { NODE_ENV: 'test', PATH: process.env.PATH, HOME: process.env.HOME };
  const r = spawnSync(path.resolve('node_modules/.bin/tsx'), ['scripts/verify-audit-export.ts', bundle, ...extra], { env, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}
