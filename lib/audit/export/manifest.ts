/**
 * The manifest that travels with a JSONL audit export: which part of which chain it covers,
 * the hashes at both ends, a digest of every line's hash, the newest signed checkpoint inside
 * it and the public key. The server signs the whole manifest with the audit key: event hashes
 * are unkeyed, so without that signature anyone holding a bundle could edit lines, recompute
 * the hashes and the manifest, and still pass (version 1 had no signature and is refused).
 * Pure (no server-only) so the offline verifier can use it.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../canonical-json';

export const AUDIT_EXPORT_MANIFEST_VERSION = 2;

const ZHash = z.string().regex(/^[0-9a-f]{64}$/);
const ZSeq = z.number().int().min(1);

export const ZAuditExportManifest = z.object({
  version: z.number().int(),
  chain: z.string().min(1),
  /** False for a filtered export: lines are not consecutive, so only each line's own hash is checked. */
  contiguous: z.boolean(),
  firstSeq: ZSeq.nullable(),
  lastSeq: ZSeq.nullable(),
  firstPrevHash: ZHash.nullable(),
  lastHash: ZHash.nullable(),
  rows: z.number().int().min(0),
  checkpoint: z
    .object({ seq: ZSeq, hash: ZHash, createdAt: z.iso.datetime(), keyId: z.string().min(1), signature: z.string().min(1) })
    .nullable(),
  publicKey: z.object({ keyId: z.string().min(1), pem: z.string().min(1) }),
  exportedAt: z.iso.datetime(),
  /** What was asked for, for the reader (signed with the rest, so it cannot be swapped). */
  filter: z.record(z.string(), z.unknown()).optional(),
  /** SHA-256 over every line's hash, in order, each followed by a newline (see linesDigest). */
  linesDigest: ZHash.optional(),
  /** Ed25519 (base64) by publicKey over manifestSigningPayload: every other field. */
  signature: z.string().min(1).optional(),
});
export type TAuditExportManifest = z.infer<typeof ZAuditExportManifest>;

/** The bytes the manifest signature covers: the canonical JSON of the manifest without `signature`. */
export function manifestSigningPayload(m: TAuditExportManifest): Buffer {
  const { signature: _signature, ...signed } = m;
  return Buffer.from(canonicalJson(signed), 'utf8');
}

/** Running digest of the exported lines' hashes: it fixes which lines a filtered (non-contiguous) export holds. */
export function linesDigest(): { add: (lineHash: string) => void; hex: () => string } {
  const h = createHash('sha256');
  return { add: (lineHash) => void h.update(`${lineHash}\n`), hex: () => h.copy().digest('hex') };
}
