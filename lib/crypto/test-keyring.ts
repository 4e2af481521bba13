/** Fixed keyrings for tests (never configuration): deterministic bytes per key id. */
import type { TPiiKeyring } from './keyring';

export function testKey(seed: string): Buffer {
  return Buffer.alloc(32, seed);
}

export function testKeyring(keyIds: string[], activeKeyId = keyIds.at(-1)!): TPiiKeyring {
  return { activeKeyId, keys: new Map(keyIds.map((id) => [id, testKey(id)])), blindIndexKey: testKey('blind') };
}
