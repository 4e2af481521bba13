/**
 * The manifest written beside each encrypted backup (`<id>.manifest.json`): what was backed
 * up and how to check it. It carries an HMAC-SHA256 under a key derived from the backup key,
 * so a rehearsal can tell an altered manifest (edited row counts or audit head) from a good one.
 */
import { BackupError } from './backup-error';
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '@/lib/audit/canonical-json';
import type { TBackupKey } from './parse-backup-config';

const ZHex64 = z.string().regex(/^[0-9a-f]{64}$/);

export const ZBackupManifest = z.strictObject({
  format: z.literal('countersign-backup-manifest'),
  version: z.literal(1),
  id: z.string().regex(/^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}$/),
  file: z.string().regex(/^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}\.dump\.enc$/),
  takenAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  durationMs: z.number().int().min(0),
  database: z.strictObject({ name: z.string(), serverVersion: z.string(), serverVersionNum: z.number().int() }),
  pgDump: z.strictObject({ version: z.string(), format: z.literal('custom') }),
  encryption: z.strictObject({
    algorithm: z.literal('AES-256-GCM'), formatVersion: z.number().int(), keyId: z.string(), chunkSize: z.number().int().positive(),
  }),
  ciphertext: z.strictObject({ sha256: ZHex64, bytes: z.number().int().positive() }),
  plaintextBytes: z.number().int().min(0),
  audit: z.array(z.strictObject({ chain: z.string(), seq: z.number().int().min(0), hash: z.string() })),
  migrations: z.strictObject({ applied: z.array(z.string()) }),
  rowCounts: z.record(z.string(), z.number().int().min(0)),
  mac: ZHex64,
});
export type TBackupManifest = z.infer<typeof ZBackupManifest>;
export type TUnsignedManifest = Omit<TBackupManifest, 'mac'>;

function macKey(key: TBackupKey): Buffer {
  return Buffer.from(hkdfSync('sha256', key.key, Buffer.alloc(0), 'countersign backup manifest v1', 32));
}

function macOf(body: TUnsignedManifest, key: TBackupKey): string {
  return createHmac('sha256', macKey(key)).update(canonicalJson(body)).digest('hex');
}

export function signManifest(body: TUnsignedManifest, key: TBackupKey): TBackupManifest {
  return { ...body, mac: macOf(body, key) };
}

export class ManifestError extends BackupError {}

/** Parses and authenticates a manifest with the key its `encryption.keyId` names. */
export function verifyManifest(json: unknown, keys: TBackupKey[]): TBackupManifest {
  const parsed = ZBackupManifest.safeParse(json);
  if (!parsed.success) {
    throw new ManifestError(`the manifest is malformed: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const { mac, ...body } = parsed.data;
  const key = keys.find((k) => k.id === body.encryption.keyId);
  if (!key) {
    throw new ManifestError(`the backup was made with key "${body.encryption.keyId}", which is not configured (configured: ${keys.map((k) => `"${k.id}"`).join(', ') || 'none'})`);
  }
  const expected = Buffer.from(macOf(body, key), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(mac, 'hex'))) {
    throw new ManifestError(`the manifest failed authentication: wrong backup key for key id "${key.id}", or the manifest was edited`);
  }
  return parsed.data;
}

export const manifestFileName = (id: string): string => `${id}.manifest.json`;
export const backupFileName = (id: string): string => `${id}.dump.enc`;
