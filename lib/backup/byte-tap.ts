/** A pass-through that counts bytes and (optionally) hashes them on the way. */
import { createHash, type Hash } from 'node:crypto';
import { Transform } from 'node:stream';

export type TByteTap = Transform & { bytes: () => number; sha256: () => string };

export function createByteTap(hash = false): TByteTap {
  let bytes = 0;
  const h: Hash | null = hash ? createHash('sha256') : null;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      h?.update(chunk);
      done(null, chunk);
    },
  }) as TByteTap;
  tap.bytes = () => bytes;
  tap.sha256 = () => (h ? h.copy().digest('hex') : '');
  return tap;
}
