import { generateKeyPairSync, sign } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { withFirstAdminDb, type TFirstAdmin } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { canonicalJson } from '../canonical-json';
import { sha256Hex } from '../hash-audit-event';
import { appendSampleEvents } from '../test-helpers';
import { keyIdOf } from './checkpoint-check';
import { getAuditSigningKey } from '../audit-signing-key';
import { manifestSigningPayload, type TAuditExportManifest } from './manifest';
import { exportToText, grantAuditorRole } from './test-bundle';
import { verifyAuditExport } from './verify-audit-export';

let t: TTestDb;
let admin: TFirstAdmin;
let lines: string[];
let manifest: TAuditExportManifest;
let filtered: { lines: string[]; manifest: TAuditExportManifest };
let gapped: { lines: string[]; manifest: TAuditExportManifest };
withFirstAdminDb((ctx) => ({ t, admin } = ctx));
beforeAll(async () => {
  const auditor = await grantAuditorRole(t.db, admin);
  await appendSampleEvents(t.db, 15);
  const full = await exportToText(t.db, auditor, { format: 'jsonl' });
  lines = full.text.trimEnd().split('\n');
  manifest = full.result.manifest!;
  const part = await exportToText(t.db, auditor, { format: 'jsonl', filter: { action: 'auth.sign_in.succeeded' } });
  filtered = { lines: part.text.trimEnd().split('\n'), manifest: part.result.manifest! };
  // One actor's events: every 7th sample event, so other events lie between its lines.
  const one = await exportToText(t.db, auditor, { format: 'jsonl', filter: { actorId: 'staff-0' } });
  gapped = { lines: one.text.trimEnd().split('\n'), manifest: one.result.manifest! };
});

const jsonl = (ls: string[]) => `${ls.join('\n')}\n`;
/** The manifest signed again, by the server's key unless another is given: the deeper checks, as if the server had signed it. */
function resign(m: TAuditExportManifest, key = getAuditSigningKey().privateKey): TAuditExportManifest {
  return { ...m, signature: sign(null, manifestSigningPayload(m), key).toString('base64') };
}
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
    expect(verifyAuditExport(jsonl(lines), manifest)).toEqual({ ok: true, rows: manifest.rows, contiguous: true, checkpoint: { seq: manifest.lastSeq, verified: true }, keyPinned: false });
    expect(verifyAuditExport(jsonl(lines), manifest, { trustedKeyIds: [manifest.publicKey.keyId] })).toMatchObject({ ok: true, keyPinned: true });
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

  it('reports a forged manifest lastHash: unsigned as a bad manifest signature, signed as a mismatch', () => {
    const forged = { ...manifest, lastHash: 'f'.repeat(64) };
    expect(verifyAuditExport(jsonl(lines), forged).problem).toMatchObject({ line: null, kind: 'bad_manifest_signature' });
    expect(verifyAuditExport(jsonl(lines), resign(forged)).problem).toMatchObject({ line: null, kind: 'manifest_mismatch', detail: expect.stringContaining('lastHash') });
  });

  it('reports a bad checkpoint signature before looking at any line', () => {
    const sig = Buffer.from(manifest.checkpoint!.signature, 'base64');
    sig[0] = sig[0]! ^ 0xff;
    const forged = resign({ ...manifest, checkpoint: { ...manifest.checkpoint!, signature: sig.toString('base64') } });
    expect(verifyAuditExport(jsonl(lines), forged).problem).toMatchObject({ line: null, seq: manifest.checkpoint!.seq, kind: 'bad_checkpoint_signature' });
  });

  it('reports a last line rewritten with the manifest to match as a checkpoint mismatch', () => {
    const edited = [...lines];
    const replaced = rehash({ ...parse(edited.at(-1)!), actor_id: 'someone-else' });
    edited[edited.length - 1] = replaced;
    const forged = resign({ ...manifest, lastHash: parse(replaced).hash });
    expect(verifyAuditExport(jsonl(edited), forged).problem).toMatchObject({ line: lines.length, kind: 'checkpoint_mismatch' });
  });

  it("trusts a re-signed bundle only if its key is not pinned: a pinned key id refuses the attacker's key", () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const keyId = keyIdOf(publicKey);
    const cp = { ...manifest.checkpoint!, keyId };
    const payload = canonicalJson({ chain: manifest.chain, seq: cp.seq, hash: cp.hash, createdAt: cp.createdAt, keyId });
    cp.signature = sign(null, Buffer.from(payload), privateKey).toString('base64');
    const resigned = resign({ ...manifest, checkpoint: cp, publicKey: { keyId, pem: publicKey.export({ type: 'spki', format: 'pem' }).toString() } }, privateKey);
    expect(verifyAuditExport(jsonl(lines), resigned)).toMatchObject({ ok: true, keyPinned: false });
    expect(verifyAuditExport(jsonl(lines), resigned, { trustedKeyIds: [manifest.publicKey.keyId] }).problem).toMatchObject({ kind: 'untrusted_key' });
    expect(verifyAuditExport(jsonl(lines), manifest, { trustedKeyIds: [manifest.publicKey.keyId] }).ok).toBe(true);
  });

  it('reports a line that is not JSON as malformed, and a malformed manifest', () => {
    expect(verifyAuditExport(jsonl([...lines.slice(0, 2), '{oops', ...lines.slice(3)]), manifest).problem).toMatchObject({ line: 3, kind: 'malformed' });
    expect(verifyAuditExport(jsonl(lines), { ...manifest, rows: -1 }).problem).toMatchObject({ line: null, kind: 'malformed' });
    const { signature: _s, linesDigest: _d, ...unsigned } = manifest;
    expect(verifyAuditExport(jsonl(lines), { ...unsigned, version: 1 }).problem).toMatchObject({ line: null, kind: 'unauthenticated' });
  });

  it('reports extra lines beyond the manifest', () => {
    const extra = resign({ ...manifest, lastSeq: manifest.lastSeq! - 1, lastHash: parse(lines.at(-2)!).hash, rows: manifest.rows - 1, checkpoint: null });
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

describe('a bundle edited after export, the manifest rewritten to match (review: all of these used to pass)', () => {
  const pinned = () => ({ trustedKeyIds: [manifest.publicKey.keyId] });
  /** Edits line i and re-hashes every line from it, relinking the chain as an attacker with the bundle can. */
  function rewriteFrom(ls: string[], i: number, edit: (l: TLine) => TLine): string[] {
    const out = ls.slice(0, i);
    let prev = i > 0 ? parse(ls[i - 1]!).hash : manifest.firstPrevHash!;
    for (const l of ls.slice(i)) {
      const line = rehash({ ...(out.length === i ? edit(parse(l)) : parse(l)), prev_hash: prev });
      prev = parse(line).hash;
      out.push(line);
    }
    return out;
  }

  it('refuses an edited event with the checkpoint dropped and the chain relinked', () => {
    const edited = rewriteFrom(lines, 4, (l) => ({ ...l, actor_id: 'someone-else' }));
    const forged = { ...manifest, checkpoint: null, lastHash: parse(edited.at(-1)!).hash };
    expect(verifyAuditExport(jsonl(edited), forged, pinned()).problem).toMatchObject({ kind: 'bad_manifest_signature' });
  });

  it('refuses a cut tail with the manifest shortened', () => {
    const cut = lines.slice(0, -3);
    const forged = { ...manifest, checkpoint: null, lastSeq: manifest.lastSeq! - 3, rows: manifest.rows - 3, lastHash: parse(cut.at(-1)!).hash };
    expect(verifyAuditExport(jsonl(cut), forged, pinned()).problem).toMatchObject({ kind: 'bad_manifest_signature' });
  });

  it('refuses a filtered export turned into a "contiguous: false" one with a line removed', () => {
    const removed = lines.filter((_, i) => i !== 5);
    const forged = { ...manifest, contiguous: false, rows: manifest.rows - 1, checkpoint: null };
    expect(verifyAuditExport(jsonl(removed), forged, pinned()).problem).toMatchObject({ kind: 'bad_manifest_signature' });
  });

  it('refuses a filtered export in which one genuine line was swapped for another genuine line, through the lines digest', () => {
    const ls = gapped.lines;
    expect(ls).toHaveLength(3);
    expect(verifyAuditExport(jsonl(ls), gapped.manifest).ok).toBe(true);
    const other = lines.find((l) => parse(l).seq === parse(ls[1]!).seq + 1)!;
    const swapped = [ls[0]!, other, ls[2]!];
    expect(verifyAuditExport(jsonl(swapped), gapped.manifest).problem).toMatchObject({ kind: 'manifest_mismatch', detail: expect.stringMatching(/signed manifest lists/) });
  });

  it('never calls a checkpoint outside the export verified', () => {
    const part = lines.slice(0, 6);
    const older = resign({ ...manifest, lastSeq: 6, rows: 6, lastHash: parse(part.at(-1)!).hash, linesDigest: undefined, checkpoint: manifest.checkpoint });
    // The server never signs such a manifest; if it did, the checkpoint beyond the last line is refused.
    expect(verifyAuditExport(jsonl(part), older).ok).toBe(false);
    const inside = verifyAuditExport(jsonl(lines), manifest);
    expect(inside.checkpoint).toEqual({ seq: manifest.lastSeq, verified: true });
  });
});
