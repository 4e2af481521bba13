/**
 * Offline verification of a JSONL audit export against its manifest (no database, no
 * secrets). Every line's hash is recomputed; a contiguous export must also run seq by seq
 * from manifest.firstSeq to lastSeq, each prev_hash naming the previous line's hash, starting
 * at firstPrevHash and ending at lastHash. The manifest must carry the server's signature by
 * its key (which the caller pins with trustedKeyIds: a bundle re-signed with another key is
 * worth nothing), and the lines must be exactly those whose hashes it digests, so nothing can
 * be edited, cut or added even where the lines are not a contiguous chain. The checkpoint must
 * be signed by the same key and match the line at its seq. Stops at the first problem. Feed lines one at a time
 * (createAuditExportVerifier) so a large export never has to fit in memory.
 */
import { verify } from 'node:crypto';
import { AUDIT_EXPORT_MANIFEST_VERSION, linesDigest, manifestSigningPayload, ZAuditExportManifest, type TAuditExportManifest } from './manifest';
import { isCheckpointSignatureValid, keyIdOf, publicKeyFromPem } from './checkpoint-check';
import { parseAuditJsonLine, type TParsedExportLine } from './jsonl-line';

export type TExportProblemKind =
  | 'malformed' | 'modified' | 'missing' | 'reordered' | 'broken_link'
  | 'manifest_mismatch' | 'bad_checkpoint_signature' | 'checkpoint_mismatch' | 'untrusted_key'
  | 'unauthenticated' | 'bad_manifest_signature';

/** `line` is 1-based; null for a problem with the manifest itself. */
export type TExportProblem = { line: number | null; seq?: number; kind: TExportProblemKind; detail: string };

export type TVerifyAuditExportResult = {
  ok: boolean;
  rows: number;
  contiguous: boolean | null;
  /** verified: the signed checkpoint's event is in this export and has the signed hash. */
  checkpoint: { seq: number; verified: boolean } | null;
  /** The manifest's key is one of trustedKeyIds (false when none were given: then only self-consistency is shown). */
  keyPinned: boolean;
  problem?: TExportProblem;
};

/** trustedKeyIds: key ids obtained out of band (e.g. GET /api/audit/public-key); the manifest's key must be one. */
export type TVerifyAuditExportOptions = { trustedKeyIds?: string[] };

export type TAuditExportVerifier = { addLine: (text: string) => void; finish: () => TVerifyAuditExportResult };

function isManifestSignatureValid(m: TAuditExportManifest, key: NonNullable<ReturnType<typeof publicKeyFromPem>>): boolean {
  try {
    return verify(null, manifestSigningPayload(m), key, Buffer.from(m.signature!, 'base64'));
  } catch {
    return false;
  }
}

function checkManifest(input: unknown, opts: TVerifyAuditExportOptions): TAuditExportManifest | TExportProblem {
  const parsed = ZAuditExportManifest.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { line: null, kind: 'malformed', detail: `manifest ${issue?.path.join('.') || ''}: ${issue?.message ?? 'invalid'}` };
  }
  const m = parsed.data;
  if (m.version !== AUDIT_EXPORT_MANIFEST_VERSION || !m.signature || !m.linesDigest) {
    return { line: null, kind: 'unauthenticated', detail: `manifest version ${m.version} carries no server signature; export the bundle again` };
  }
  const key = publicKeyFromPem(m.publicKey.pem);
  if (!key) return { line: null, kind: 'malformed', detail: 'manifest publicKey.pem is not an Ed25519 public key' };
  if (keyIdOf(key) !== m.publicKey.keyId) return { line: null, kind: 'manifest_mismatch', detail: 'manifest publicKey.keyId does not match its pem' };
  if (opts.trustedKeyIds && !opts.trustedKeyIds.includes(m.publicKey.keyId)) {
    return { line: null, kind: 'untrusted_key', detail: `manifest key ${m.publicKey.keyId} is not one of the trusted keys` };
  }
  if (!isManifestSignatureValid(m, key)) return { line: null, kind: 'bad_manifest_signature', detail: 'the manifest is not signed by its key as it stands (edited after export?)' };
  const cp = m.checkpoint;
  if (cp) {
    if (cp.keyId !== m.publicKey.keyId || !isCheckpointSignatureValid(m.chain, cp, key)) {
      return { line: null, seq: cp.seq, kind: 'bad_checkpoint_signature', detail: `the checkpoint at seq ${cp.seq} has an invalid signature` };
    }
    if (m.lastSeq === null || cp.seq > m.lastSeq) {
      return { line: null, seq: cp.seq, kind: 'manifest_mismatch', detail: `the checkpoint at seq ${cp.seq} lies beyond the export's last seq` };
    }
  }
  return m;
}

export function createAuditExportVerifier(manifestInput: unknown, opts: TVerifyAuditExportOptions = {}): TAuditExportVerifier {
  const checked = checkManifest(manifestInput, opts);
  const m = 'version' in checked ? checked : null;
  let problem: TExportProblem | undefined = m ? undefined : (checked as TExportProblem);
  let lineNo = 0;
  let rows = 0;
  let first: TParsedExportLine | null = null;
  let last: TParsedExportLine | null = null;
  let checkpointMatched = false;
  const digest = linesDigest();
  /** A contiguous export showed a later seq than expected: the next line tells a gap from a swap. */
  let gap: { line: number; expected: number; found: number } | null = null;
  const fail = (p: TExportProblem) => void (problem = p);

  function checkPosition(l: TParsedExportLine, manifest: TAuditExportManifest): boolean {
    const at = { line: lineNo, seq: l.seq };
    if (gap) {
      const swapped = l.seq === gap.expected;
      const detail = swapped ? `seq ${gap.found} comes before seq ${gap.expected}` : `seq ${gap.expected} is absent (line ${gap.line} has seq ${gap.found})`;
      fail({ line: gap.line, seq: gap.expected, kind: swapped ? 'reordered' : 'missing', detail });
      return false;
    }
    if (!manifest.contiguous) {
      if (last && l.seq <= last.seq) fail({ ...at, kind: 'reordered', detail: `seq ${l.seq} follows seq ${last.seq}` });
      return !problem;
    }
    const expected = last ? last.seq + 1 : (manifest.firstSeq ?? 1);
    if (manifest.lastSeq !== null && l.seq > manifest.lastSeq && l.seq >= expected) {
      fail({ ...at, kind: 'manifest_mismatch', detail: `seq ${l.seq} is beyond the manifest's lastSeq ${manifest.lastSeq}` });
    } else if (l.seq < expected) {
      fail({ ...at, kind: 'reordered', detail: `seq ${l.seq} appears where seq ${expected} belongs` });
    } else if (l.seq > expected) {
      gap = { line: lineNo, expected, found: l.seq };
    } else if (l.prevHash !== (last ? last.hash : manifest.firstPrevHash)) {
      const detail = last ? `prev_hash does not name seq ${last.seq}'s hash` : "prev_hash is not the manifest's firstPrevHash";
      fail({ ...at, kind: last ? 'broken_link' : 'manifest_mismatch', detail });
    }
    return !problem && !gap;
  }

  function addLine(raw: string): void {
    lineNo++;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (problem || !m || text.trim() === '') return;
    const l = parseAuditJsonLine(text);
    if (typeof l === 'string') return fail({ line: lineNo, kind: 'malformed', detail: `line ${lineNo} ${l}` });
    const at = { line: lineNo, seq: l.seq };
    if (l.computedHash !== l.hash) return fail({ ...at, kind: 'modified', detail: `line ${lineNo} (seq ${l.seq}) does not match its hash` });
    if (l.chain !== m.chain) return fail({ ...at, kind: 'manifest_mismatch', detail: `seq ${l.seq} belongs to chain "${l.chain}"` });
    if (!checkPosition(l, m)) return;
    if (m.checkpoint?.seq === l.seq) {
      if (m.checkpoint.hash !== l.hash) return fail({ ...at, kind: 'checkpoint_mismatch', detail: `seq ${l.seq} does not have the hash signed in the checkpoint` });
      checkpointMatched = true;
    }
    first ??= l;
    last = l;
    digest.add(l.hash);
    rows++;
  }

  function finishChecks(manifest: TAuditExportManifest): void {
    if (gap) return fail({ line: gap.line, seq: gap.expected, kind: 'missing', detail: `seq ${gap.expected} is absent (line ${gap.line} has seq ${gap.found})` });
    if (manifest.contiguous && manifest.lastSeq !== null && (last?.seq ?? 0) < manifest.lastSeq) {
      const seq = (last?.seq ?? (manifest.firstSeq ?? 1) - 1) + 1;
      return fail({ line: lineNo + 1, seq, kind: 'missing', detail: `seq ${seq}..${manifest.lastSeq} named by the manifest are absent` });
    }
    const mismatch = (detail: string) => fail({ line: null, kind: 'manifest_mismatch', detail });
    if (rows !== manifest.rows) return mismatch(`the export has ${rows} lines, the manifest says ${manifest.rows}`);
    if ((first?.seq ?? null) !== manifest.firstSeq) return mismatch(`the first line has seq ${first?.seq}, the manifest says ${manifest.firstSeq}`);
    if ((last?.seq ?? null) !== manifest.lastSeq) return mismatch(`the last line has seq ${last?.seq}, the manifest says ${manifest.lastSeq}`);
    if ((last?.hash ?? null) !== manifest.lastHash) return mismatch("the last line's hash is not the manifest's lastHash");
    if (manifest.contiguous && (first?.prevHash ?? null) !== manifest.firstPrevHash) return mismatch("the first line's prev_hash is not the manifest's firstPrevHash");
    if (digest.hex() !== manifest.linesDigest) return mismatch('the lines are not the ones the signed manifest lists');
    const cp = manifest.checkpoint;
    if (cp && manifest.contiguous && manifest.firstSeq !== null && cp.seq >= manifest.firstSeq && !checkpointMatched) {
      fail({ line: null, seq: cp.seq, kind: 'missing', detail: `the checkpointed seq ${cp.seq} is not in the export` });
    }
  }

  function finish(): TVerifyAuditExportResult {
    if (!problem && m) finishChecks(m);
    const cp = m?.checkpoint ?? null;
    return {
      ok: !problem,
      rows,
      contiguous: m?.contiguous ?? null,
      // Verified only where the signed event is in the file: a checkpoint outside it vouches for nothing here.
      checkpoint: cp ? { seq: cp.seq, verified: !problem && checkpointMatched } : null,
      keyPinned: Boolean(m && opts.trustedKeyIds?.includes(m.publicKey.keyId)),
      ...(problem ? { problem } : {}),
    };
  }

  return { addLine, finish };
}

/** Verifies a whole export held in memory (see createAuditExportVerifier for streaming). */
export function verifyAuditExport(jsonlText: string, manifest: unknown, opts: TVerifyAuditExportOptions = {}): TVerifyAuditExportResult {
  const verifier = createAuditExportVerifier(manifest, opts);
  for (const line of jsonlText.split('\n')) verifier.addLine(line);
  return verifier.finish();
}
