/**
 * The encrypted backup file format (version 1): a header, then AES-256-GCM sealed chunks.
 *
 *   header  = "CSBK" | version u8 | chunkSize u32 | keyIdLen u8 | keyId | salt[32] | baseNonce[12]
 *   chunk   = final u8 | length u32 | ciphertext[length] | tag[16]
 *
 * Each file gets its own key: HKDF-SHA256(backup key, salt, "countersign backup v1"), so
 * nonces never repeat across files. Chunk i is sealed with nonce = baseNonce XOR i (in the
 * last 8 bytes) and AAD = SHA-256(header) | i u64 | final u8. That binds every chunk to its
 * position, to this file's header and to whether it is the last one: reordering, swapping
 * chunks between files, dropping the tail, or appending data all fail authentication.
 */
import { BackupError } from './backup-error';
import { createHash, hkdfSync } from 'node:crypto';

export const MAGIC = Buffer.from('CSBK', 'ascii');
export const FORMAT_VERSION = 1;
export const DEFAULT_CHUNK_SIZE = 1024 * 1024;
/** A crafted header must not make the reader buffer gigabytes. */
export const MAX_CHUNK_SIZE = 16 * 1024 * 1024;
export const SALT_BYTES = 32;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
export const CHUNK_PREFIX_BYTES = 5;

export type TBackupHeader = { version: number; chunkSize: number; keyId: string; salt: Buffer; baseNonce: Buffer };

export class BackupFormatError extends BackupError {}

export function encodeHeader(h: TBackupHeader): Buffer {
  const id = Buffer.from(h.keyId, 'utf8');
  if (id.length < 1 || id.length > 64) throw new BackupFormatError('the key id must be 1-64 bytes');
  const fixed = Buffer.alloc(MAGIC.length + 1 + 4 + 1);
  MAGIC.copy(fixed, 0);
  fixed.writeUInt8(h.version, 4);
  fixed.writeUInt32BE(h.chunkSize, 5);
  fixed.writeUInt8(id.length, 9);
  return Buffer.concat([fixed, id, h.salt, h.baseNonce]);
}

/** Parses a header from the start of `buf`; returns null when more bytes are needed. */
export function decodeHeader(buf: Buffer): { header: TBackupHeader; length: number } | null {
  if (buf.length < 10) {
    if (!MAGIC.subarray(0, buf.length).equals(buf.subarray(0, Math.min(buf.length, 4)))) {
      throw new BackupFormatError('not a Countersign backup (bad magic bytes)');
    }
    return null;
  }
  if (!buf.subarray(0, 4).equals(MAGIC)) throw new BackupFormatError('not a Countersign backup (bad magic bytes)');
  const version = buf.readUInt8(4);
  if (version !== FORMAT_VERSION) throw new BackupFormatError(`unsupported backup format version ${version} (this build reads ${FORMAT_VERSION})`);
  const chunkSize = buf.readUInt32BE(5);
  if (chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) throw new BackupFormatError(`chunk size ${chunkSize} is out of range`);
  const idLen = buf.readUInt8(9);
  const length = 10 + idLen + SALT_BYTES + NONCE_BYTES;
  if (idLen < 1) throw new BackupFormatError('the header has an empty key id');
  if (buf.length < length) return null;
  const keyId = buf.subarray(10, 10 + idLen).toString('utf8');
  const salt = Buffer.from(buf.subarray(10 + idLen, 10 + idLen + SALT_BYTES));
  const baseNonce = Buffer.from(buf.subarray(10 + idLen + SALT_BYTES, length));
  return { header: { version, chunkSize, keyId, salt, baseNonce }, length };
}

export function deriveFileKey(masterKey: Buffer, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, salt, 'countersign backup v1', 32));
}

export function chunkNonce(baseNonce: Buffer, index: bigint): Buffer {
  const nonce = Buffer.from(baseNonce);
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(index);
  for (let i = 0; i < 8; i++) nonce[NONCE_BYTES - 8 + i]! ^= counter[i]!;
  return nonce;
}

export function chunkAad(headerDigest: Buffer, index: bigint, final: boolean): Buffer {
  const tail = Buffer.alloc(9);
  tail.writeBigUInt64BE(index);
  tail.writeUInt8(final ? 1 : 0, 8);
  return Buffer.concat([headerDigest, tail]);
}

export function headerDigest(headerBytes: Buffer): Buffer {
  return createHash('sha256').update(headerBytes).digest();
}
