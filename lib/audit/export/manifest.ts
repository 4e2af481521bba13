/**
 * The manifest that travels with a JSONL audit export: which part of which chain it covers,
 * the hashes at both ends, the newest signed checkpoint inside it and the public key to check
 * that signature. Pure (no server-only) so the offline verifier can use it.
 */
import { z } from 'zod';

export const AUDIT_EXPORT_MANIFEST_VERSION = 1;

const ZHash = z.string().regex(/^[0-9a-f]{64}$/);
const ZSeq = z.number().int().min(1);

export const ZAuditExportManifest = z.object({
  version: z.literal(AUDIT_EXPORT_MANIFEST_VERSION),
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
  /** What was asked for, for the reader; not part of any check. */
  filter: z.record(z.string(), z.unknown()).optional(),
});
export type TAuditExportManifest = z.infer<typeof ZAuditExportManifest>;
