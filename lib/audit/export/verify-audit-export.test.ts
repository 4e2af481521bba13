import { generateKeyPairSync, sign } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { withFirstAdminDb, type TFirstAdmin } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { canonicalJson } from '../canonical-json';
import { sha256Hex } from '../hash-audit-event';
import { appendSampleEvents } from '../test-helpers';
import { keyIdOf } from './checkpoint-check';
import type { TAuditExportManifest } from './manifest';
import { exportToText, grantAuditorRole } from './test-bundle';
import { verifyAuditExport } from './verify-audit-export';

let t: TTestDb;
let admin: TFirstAdmin;
let lines: string[];
let manifest: TAuditExportManifest;
let filtered: { lines: string[]; manifest: TAuditExportManifest };
withFirstAdminDb((ctx) => ({ t, admin } = ctx));
beforeAll(async () => {
  const auditor = await grantAuditorRole(t.db, admin);
  await appendSampleEvents(t.db, 12);
  const full = await exportToText(t.db, auditor, { format: 'jsonl' });
  lines = full.text.trimEnd().split('\n');
  manifest = full.result.manifest!;
  const part = await exportToText(t.db, auditor, { format: 'jsonl', filter: { action: 'auth.sign_in.succeeded' } });
  filtered = { lines: part.text.trimEnd().split('\n'), manifest: part.result.manifest! };
});

const jsonl = (ls: string[]) => `${ls.join('\n')}\n`;
type TLine = Record<string, unknown> & { seq: number; hash: string; prev_hash: string };
const parse = (l: string) => JSON.parse(l) as TLine;
/** An attacker's edit that keeps the line self-consistent: the hash is recomputed over the new content. */
function rehash(obj: TLine): string {
  const { hash: _old, ...rest } = obj;
  return canonicalJson({ ...rest, hash: sha256Hex(canonicalJson(rest)) });
}

describe('verifyAuditExport', () => {
  it('accepts the bundle exactly as exported', () => {
    expect(lines.length).toBe(manifest.rows);
    expect(verifyAuditExport(jsonl(lines), manifest)).toEqual({ ok: true, rows: manifest.rows, contiguous: true, checkpoint: { seq: manifest.lastSeq, verified: true } });
  });

  it('reports an edited line as modified, at that line', () => {
    const edited = [...lines];
    edited[4] = canonicalJson({ ...parse(edited[4]!), actor_id: 'someone-else' });
    expect(verifyAuditExport(jsonl(edited), manifest).problem).toMatchObject({ line: 5, seq: 5, kind: 'modified' });
  });

  it('reports an edited and re-hashed line as a broken link at the next line', () => {
    const edited = [...lines];
    edited[4] = rehash({ ...parse(edited[4]!), actor_id: 'someone-else' });
    expect(verifyAuditExport(jsonl(edited), manifest).problem).toMatchObject({ line: 6, seq: 6, kind: 'broken_link' });
  });

  it('reports a removed line as missing, naming the absent seq', () => {
    const removed = lines.filter((_, i) => i !== 6);
    expect(verifyAuditExport(jsonl(removed), manifest).problem).toMatchObject({ line: 7, seq: 7, kind: 'missing' });
  });

  it('reports a removed last line as missing', () => {
    const p = verifyAuditExport(jsonl(lines.slice(0, -1)), manifest).problem;
    expect(p).toMatchObject({ seq: manifest.lastSeq, kind: 'missing' });
  });

  it('reports two swapped lines as reordered', () => {
    const swapped = [...lines];
    [swapped[3], swapped[4]] = [swapped[4]!, swapped[3]!];
    expect(verifyAuditExport(jsonl(swapped), manifest).problem).toMatchObject({ line: 4, seq: 4, kind: 'reordered' });
  });

  it('reports a forged manifest lastHash', () => {
    const forged = { ...manifest, lastHash: 'f'.repeat(64) };
    expect(verifyAuditExport(jsonl(lines), forged).problem).toMatchObject({ line: null, kind: 'manifest_mismatch', detail: expect.stringContaining('lastHash') });
  });

  it('reports a bad checkpoint signature before looking at any line', () => {
    const sig = Buffer.from(manifest.checkpoint!.signature, 'base64');
    sig[0] = sig[0]! ^ 0xff;
    const forged = { ...manifest, checkpoint: { ...manifest.checkpoint!, signature: sig.toString('base64') } };
    expect(verifyAuditExport(jsonl(lines), forged).problem).toMatchObject({ line: null, seq: manifest.checkpoint!.seq, kind: 'bad_checkpoint_signature' });
  });

  it('reports a last line rewritten with the manifest to match as a checkpoint mismatch', () => {
    const edited = [...lines];
    const replaced = rehash({ ...parse(edited.at(-1)!), actor_id: 'someone-else' });
    edited[edited.length - 1] = replaced;
    const forged = { ...manifest, lastHash: parse(replaced).hash };
    expect(verifyAuditExport(jsonl(edited), forged).problem).toMatchObject({ line: lines.length, kind: 'checkpoint_mismatch' });
  });

  it("trusts a re-signed bundle only if its key is not pinned: a pinned key id refuses the attacker's key", () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const keyId = keyIdOf(publicKey);
    const cp = { ...manifest.checkpoint!, keyId };
    const payload = canonicalJson({ chain: manifest.chain, seq: cp.seq, hash: cp.hash, createdAt: cp.createdAt, keyId });
    cp.signature = sign(null, Buffer.from(payload), privateKey).toString('base64');
    const resigned = { ...manifest, checkpoint: cp, publicKey: { keyId, pem: publicKey.export({ type: 'spki', format: 'pem' }).toString() } };
    expect(verifyAuditExport(jsonl(lines), resigned).ok).toBe(true);
    expect(verifyAuditExport(jsonl(lines), resigned, { trustedKeyIds: [manifest.publicKey.keyId] }).problem).toMatchObject({ kind: 'untrusted_key' });
    expect(verifyAuditExport(jsonl(lines), manifest, { trustedKeyIds: [manifest.publicKey.keyId] }).ok).toBe(true);
  });

  it('reports a line that is not JSON as malformed, and a malformed manifest', () => {
    expect(verifyAuditExport(jsonl([...lines.slice(0, 2), '{oops', ...lines.slice(3)]), manifest).problem).toMatchObject({ line: 3, kind: 'malformed' });
    expect(verifyAuditExport(jsonl(lines), { ...manifest, version: 2 }).problem).toMatchObject({ line: null, kind: 'malformed' });
  });

  it('reports extra lines beyond the manifest', () => {
    const extra = { ...manifest, lastSeq: manifest.lastSeq! - 1, lastHash: parse(lines.at(-2)!).hash, rows: manifest.rows - 1, checkpoint: null };
    expect(verifyAuditExport(jsonl(lines), extra).problem).toMatchObject({ line: lines.length, kind: 'manifest_mismatch' });
  });
});

describe('verifyAuditExport on a filtered (non-contiguous) export', () => {
  it('accepts it as exported, checking each line on its own', () => {
    expect(filtered.manifest.contiguous).toBe(false);
    expect(verifyAuditExport(jsonl(filtered.lines), filtered.manifest)).toMatchObject({ ok: true, rows: filtered.lines.length, contiguous: false });
  });

  it('still catches an edited line, two swapped lines and a removed line', () => {
    const ls = filtered.lines;
    const edited = [...ls];
    edited[1] = canonicalJson({ ...parse(edited[1]!), ip: '203.0.113.9' });
    expect(verifyAuditExport(jsonl(edited), filtered.manifest).problem).toMatchObject({ line: 2, kind: 'modified' });
    const swapped = [...ls];
    [swapped[1], swapped[2]] = [swapped[2]!, swapped[1]!];
    expect(verifyAuditExport(jsonl(swapped), filtered.manifest).problem).toMatchObject({ line: 3, kind: 'reordered' });
    expect(verifyAuditExport(jsonl(ls.filter((_, i) => i !== 2)), filtered.manifest).problem).toMatchObject({ kind: 'manifest_mismatch' });
  });
});
