import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { CHUNK_PREFIX_BYTES, TAG_BYTES } from './backup-format';
import { createDecryptStream, createEncryptStream } from './encrypt-stream';

const key = { id: 'test-key', key: randomBytes(32) };
const CHUNK = 64;

async function encrypt(plain: Buffer, k = key, chunkSize = CHUNK): Promise<Buffer> {
  // Feed in odd-sized pieces so chunk boundaries never line up with writes.
  const pieces = [];
  for (let i = 0; i < plain.length; i += 37) pieces.push(plain.subarray(i, i + 37));
  return buffer(Readable.from(pieces).pipe(createEncryptStream(k, chunkSize)));
}

async function decrypt(file: Buffer, keys = [key]): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(Readable.from([file]), createDecryptStream(keys), new Writable({ write: (c: Buffer, _e, done) => { out.push(c); done(); } }));
  return Buffer.concat(out);
}

const headerLength = 10 + Buffer.byteLength(key.id) + 32 + 12;
const frame = CHUNK_PREFIX_BYTES + CHUNK + TAG_BYTES;

describe('chunked AES-256-GCM backup stream', () => {
  it.each([0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 5 * CHUNK, 1000])('round-trips %i bytes', async (n) => {
    const plain = randomBytes(n);
    expect((await decrypt(await encrypt(plain))).equals(plain)).toBe(true);
  });

  it('never writes the plaintext and uses a fresh salt and nonce per file', async () => {
    const plain = Buffer.from('COPY public.staff (id, name) FROM stdin;'.repeat(10));
    const a = await encrypt(plain);
    const b = await encrypt(plain);
    expect(a.includes(Buffer.from('COPY public.staff'))).toBe(false);
    expect(a.equals(b)).toBe(false);
  });

  it('detects a flipped byte in any chunk', async () => {
    const file = await encrypt(randomBytes(3 * CHUNK + 10));
    for (const at of [headerLength + CHUNK_PREFIX_BYTES + 3, headerLength + frame + 20, file.length - 1]) {
      const bad = Buffer.from(file);
      bad[at]! ^= 0x01;
      await expect(decrypt(bad), `offset ${at}`).rejects.toThrow(/failed authentication|malformed/);
    }
  });

  it('detects a tampered header (key id length, chunk size or salt)', async () => {
    const file = await encrypt(randomBytes(100));
    const bad = Buffer.from(file);
    bad[headerLength - 13]! ^= 0x80; // inside the salt
    await expect(decrypt(bad)).rejects.toThrow(/failed authentication/);
  });

  it('detects truncation at a chunk boundary (the final chunk is missing)', async () => {
    const file = await encrypt(randomBytes(3 * CHUNK + 10));
    await expect(decrypt(file.subarray(0, headerLength + 2 * frame))).rejects.toThrow(/truncated/);
    await expect(decrypt(file.subarray(0, file.length - 5))).rejects.toThrow(/truncated/);
    await expect(decrypt(file.subarray(0, 6))).rejects.toThrow(/truncated|header/);
  });

  it('detects reordered chunks and chunks swapped in from another backup', async () => {
    const file = await encrypt(randomBytes(3 * CHUNK + 10));
    const c0 = file.subarray(headerLength, headerLength + frame);
    const c1 = file.subarray(headerLength + frame, headerLength + 2 * frame);
    const swapped = Buffer.concat([file.subarray(0, headerLength), c1, c0, file.subarray(headerLength + 2 * frame)]);
    await expect(decrypt(swapped)).rejects.toThrow(/chunk 0 failed authentication/);
    const other = await encrypt(randomBytes(3 * CHUNK + 10));
    const mixed = Buffer.concat([file.subarray(0, headerLength + frame), other.subarray(headerLength + frame)]);
    await expect(decrypt(mixed)).rejects.toThrow(/chunk 1 failed authentication/);
  });

  it('detects a non-final chunk relabelled as final and data appended after the end', async () => {
    const file = await encrypt(randomBytes(3 * CHUNK + 10));
    const relabelled = Buffer.from(file.subarray(0, headerLength + frame));
    relabelled[headerLength] = 1;
    await expect(decrypt(relabelled)).rejects.toThrow(/malformed|failed authentication/);
    await expect(decrypt(Buffer.concat([file, Buffer.from([0])]))).rejects.toThrow(/after the final chunk/);
  });

  it('names the key id when the key is not configured, and fails on a wrong key with the same id', async () => {
    const file = await encrypt(randomBytes(10));
    await expect(decrypt(file, [{ id: 'other', key: key.key }])).rejects.toThrow(/encrypted with key "test-key", which is not configured/);
    await expect(decrypt(file, [{ id: 'test-key', key: randomBytes(32) }])).rejects.toThrow(/wrong backup key/);
  });

  it('decrypts with a retired key found by id', async () => {
    const plain = randomBytes(200);
    const retired = { id: 'old', key: randomBytes(32) };
    const file = await encrypt(plain, retired);
    expect((await decrypt(file, [key, retired])).equals(plain)).toBe(true);
  });

  it('refuses a file that is not a backup', async () => {
    await expect(decrypt(Buffer.from('PGDMP plain dump'))).rejects.toThrow(/not a Countersign backup/);
  });
});
