/**
 * Streaming AES-256-GCM in the chunked format of backup-format.ts. The writer holds back
 * one chunk so the last one can be sealed with the final flag; the reader releases a
 * chunk's plaintext only after its tag verified, and fails on a missing final chunk,
 * trailing bytes, an unknown key id or any authentication failure.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import {
  BackupFormatError, CHUNK_PREFIX_BYTES, chunkAad, chunkNonce, decodeHeader, DEFAULT_CHUNK_SIZE, deriveFileKey,
  encodeHeader, FORMAT_VERSION, headerDigest, NONCE_BYTES, SALT_BYTES, TAG_BYTES, type TBackupHeader,
} from './backup-format';
import type { TBackupKey } from './parse-backup-config';

/** Bytes received but not yet consumed, without re-concatenating on every write. */
class ByteQueue {
  private parts: Buffer[] = [];
  length = 0;
  push(b: Buffer): void {
    this.parts.push(b);
    this.length += b.length;
  }
  /** The first n bytes as one buffer (without removing them). */
  peek(n: number): Buffer {
    if (this.parts.length > 1 && this.parts[0]!.length < n) this.parts = [Buffer.concat(this.parts)];
    return this.parts[0]!.subarray(0, n);
  }
  take(n: number): Buffer {
    // A view, not a copy: callers never write into it and the underlying chunk is not reused.
    const out = this.peek(n);
    this.parts[0] = this.parts[0]!.subarray(n);
    if (this.parts[0].length === 0) this.parts.shift();
    this.length -= n;
    return out;
  }
}

export function createEncryptStream(key: TBackupKey, chunkSize = DEFAULT_CHUNK_SIZE): Transform {
  const header: TBackupHeader = {
    version: FORMAT_VERSION, chunkSize, keyId: key.id, salt: randomBytes(SALT_BYTES), baseNonce: randomBytes(NONCE_BYTES),
  };
  const headerBytes = encodeHeader(header);
  const digest = headerDigest(headerBytes);
  const fileKey = deriveFileKey(key.key, header.salt);
  const queue = new ByteQueue();
  let index = 0n;
  /** Seals one chunk and returns its frame as parts (pushed separately: no extra copy). */
  const seal = (plain: Buffer, final: boolean): Buffer[] => {
    const cipher = createCipheriv('aes-256-gcm', fileKey, chunkNonce(header.baseNonce, index));
    cipher.setAAD(chunkAad(digest, index, final));
    const body = cipher.update(plain);
    const rest = cipher.final();
    const prefix = Buffer.alloc(CHUNK_PREFIX_BYTES);
    prefix.writeUInt8(final ? 1 : 0, 0);
    prefix.writeUInt32BE(body.length + rest.length, 1);
    index++;
    return [prefix, body, rest, cipher.getAuthTag()];
  };
  let started = false;
  return new Transform({
    transform(data: Buffer, _enc, done: TransformCallback) {
      if (!started) {
        this.push(headerBytes);
        started = true;
      }
      queue.push(data);
      // Strictly more than one chunk: the remainder is sealed as the final chunk at the end.
      while (queue.length > chunkSize) for (const part of seal(queue.take(chunkSize), false)) this.push(part);
      done();
    },
    flush(done: TransformCallback) {
      if (!started) this.push(headerBytes);
      for (const part of seal(queue.length > 0 ? queue.take(queue.length) : Buffer.alloc(0), true)) this.push(part);
      done();
    },
  });
}

export type TDecryptInfo = { keyId: string; chunks: number; plaintextBytes: number };

/** Decrypts with whichever key of `keys` the header names. `onDone` reports what was read. */
export function createDecryptStream(keys: TBackupKey[], onDone?: (info: TDecryptInfo) => void): Transform {
  const queue = new ByteQueue();
  let header: TBackupHeader | null = null;
  let digest: Buffer = Buffer.alloc(0);
  let fileKey: Buffer = Buffer.alloc(0);
  let index = 0n;
  let finished = false;
  let plaintextBytes = 0;

  const readHeader = (): boolean => {
    const parsed = decodeHeader(queue.peek(Math.min(queue.length, 10 + 255 + SALT_BYTES + NONCE_BYTES)));
    if (!parsed) return false;
    const key = keys.find((k) => k.id === parsed.header.keyId);
    if (!key) {
      throw new BackupFormatError(
        `this backup was encrypted with key "${parsed.header.keyId}", which is not configured (configured: ${keys.map((k) => `"${k.id}"`).join(', ') || 'none'}); set BACKUP_KEY/BACKUP_KEY_ID or BACKUP_RETIRED_KEYS`,
      );
    }
    const bytes = queue.take(parsed.length);
    header = parsed.header;
    digest = headerDigest(bytes);
    fileKey = deriveFileKey(key.key, header.salt);
    return true;
  };

  const readChunk = (h: TBackupHeader): Buffer | null => {
    if (queue.length < CHUNK_PREFIX_BYTES) return null;
    const prefix = queue.peek(CHUNK_PREFIX_BYTES);
    const flag = prefix.readUInt8(0);
    const length = prefix.readUInt32BE(1);
    if (flag > 1 || length > h.chunkSize || (flag === 0 && length !== h.chunkSize)) {
      throw new BackupFormatError(`chunk ${index} has a malformed frame: the file is corrupted`);
    }
    if (queue.length < CHUNK_PREFIX_BYTES + length + TAG_BYTES) return null;
    queue.take(CHUNK_PREFIX_BYTES);
    const body = queue.take(length);
    const tag = queue.take(TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', fileKey, chunkNonce(h.baseNonce, index));
    decipher.setAAD(chunkAad(digest, index, flag === 1));
    decipher.setAuthTag(tag);
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(body), decipher.final()]);
    } catch {
      throw new BackupFormatError(
        index === 0n
          ? `chunk 0 failed authentication: wrong backup key for key id "${h.keyId}", or the file was altered`
          : `chunk ${index} failed authentication: the file was altered or its chunks reordered`,
      );
    }
    index++;
    finished = flag === 1;
    plaintextBytes += plain.length;
    return plain;
  };

  return new Transform({
    transform(data: Buffer, _enc, done: TransformCallback) {
      try {
        if (finished) throw new BackupFormatError('unexpected data after the final chunk: the file was altered');
        queue.push(data);
        if (!header && !readHeader()) return done();
        for (let plain = readChunk(header!); plain; plain = finished ? null : readChunk(header!)) {
          if (plain.length > 0) this.push(plain);
          if (finished && queue.length > 0) throw new BackupFormatError('unexpected data after the final chunk: the file was altered');
        }
        done();
      } catch (e) {
        done(e as Error);
      }
    },
    flush(done: TransformCallback) {
      if (!header) return done(new BackupFormatError('the file ends inside its header: it is truncated or not a backup'));
      if (!finished) return done(new BackupFormatError(`the file ends after chunk ${index} without its final chunk: it is truncated`));
      onDone?.({ keyId: header.keyId, chunks: Number(index), plaintextBytes });
      done();
    },
  });
}
