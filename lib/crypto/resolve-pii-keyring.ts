/**
 * Called by lib/env.ts: the PII keyring from PII_KEYS / PII_ACTIVE_KEY_ID /
 * PII_BLIND_INDEX_KEY. Staging/production refuse missing or malformed keys; development and
 * test fill what is missing from the generated development key file.
 */
import { buildPiiKeyring, type TPiiKeyring } from './keyring';
import { loadDevPiiKeys } from './dev-pii-keys';

export type TPiiKeySource = { PII_KEYS?: string; PII_ACTIVE_KEY_ID?: string; PII_BLIND_INDEX_KEY?: string };

export function resolvePiiKeyring(
  raw: TPiiKeySource,
  opts: { productionLike: boolean; dataDir: string },
): { keyring: TPiiKeyring | null; problems: string[] } {
  let source = { keys: raw.PII_KEYS, activeKeyId: raw.PII_ACTIVE_KEY_ID, blindIndexKey: raw.PII_BLIND_INDEX_KEY };
  if (!opts.productionLike && (!source.keys || !source.blindIndexKey)) {
    const dev = loadDevPiiKeys(opts.dataDir);
    source = {
      keys: source.keys ?? dev.keys,
      activeKeyId: source.keys ? source.activeKeyId : dev.activeKeyId,
      blindIndexKey: source.blindIndexKey ?? dev.blindIndexKey,
    };
  }
  return buildPiiKeyring(source);
}
