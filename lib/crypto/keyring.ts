/**
 * PII key material: versioned AES-256 data keys (one active for new writes, older ones kept
 * for reading until `npm run keys:rotate` has moved every row) and a separate HMAC key for
 * blind indexes. Parsing is pure so lib/env.ts can refuse bad configuration at start.
 */
export type TPiiKeyring = {
  activeKeyId: string;
  keys: ReadonlyMap<string, Buffer>;
  blindIndexKey: Buffer;
};

export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * `v1:<base64>,v2:<base64>` or JSON `{"v1":"<base64>"}`; each key must decode to 32 bytes.
 * Returns the keys in the order given, or the problems found (never echoing key material).
 */
export function parsePiiKeys(text: string): { keys: Map<string, Buffer>; problems: string[] } {
  const keys = new Map<string, Buffer>();
  const problems: string[] = [];
  let pairs: [string, unknown][];
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      pairs = Object.entries(JSON.parse(trimmed) as Record<string, unknown>);
    } catch {
      return { keys, problems: ['PII_KEYS is not valid JSON'] };
    }
  } else {
    pairs = trimmed
      .split(',')
      .filter((p) => p.trim())
      .map((p) => {
        const at = p.indexOf(':');
        return at < 0 ? [p.trim(), ''] : [p.slice(0, at).trim(), p.slice(at + 1).trim()];
      });
  }
  for (const [id, value] of pairs) {
    if (!KEY_ID_PATTERN.test(id)) {
      problems.push(`PII_KEYS: key id "${id.slice(0, 32)}" must be 1–32 letters, digits, "_" or "-"`);
      continue;
    }
    const key = typeof value === 'string' ? decodeKey(value) : null;
    if (!key) problems.push(`PII_KEYS: key "${id}" must be 32 random bytes in base64 (openssl rand -base64 32)`);
    else if (keys.has(id)) problems.push(`PII_KEYS: key id "${id}" appears twice`);
    else keys.set(id, key);
  }
  if (pairs.length === 0) problems.push('PII_KEYS holds no keys');
  return { keys, problems };
}

export function decodeKey(value: string): Buffer | null {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return null;
  const key = Buffer.from(value, 'base64');
  return key.length === 32 ? key : null;
}

/** Builds a keyring; the active key defaults to the last one listed. */
export function buildPiiKeyring(
  source: { keys?: string; activeKeyId?: string; blindIndexKey?: string },
): { keyring: TPiiKeyring | null; problems: string[] } {
  if (!source.keys) return { keyring: null, problems: ['PII_KEYS is missing (e.g. v1:<openssl rand -base64 32>)'] };
  const { keys, problems } = parsePiiKeys(source.keys);
  const activeKeyId = source.activeKeyId ?? [...keys.keys()].at(-1) ?? '';
  if (keys.size > 0 && !keys.has(activeKeyId)) problems.push(`PII_ACTIVE_KEY_ID "${activeKeyId.slice(0, 32)}" is not one of PII_KEYS`);
  const blindIndexKey = source.blindIndexKey ? decodeKey(source.blindIndexKey) : null;
  if (!blindIndexKey) problems.push('PII_BLIND_INDEX_KEY must be 32 random bytes in base64, separate from PII_KEYS');
  else if ([...keys.values()].some((k) => k.equals(blindIndexKey))) problems.push('PII_BLIND_INDEX_KEY must differ from every PII_KEYS key');
  if (problems.length > 0 || !blindIndexKey) return { keyring: null, problems };
  return { keyring: { activeKeyId, keys, blindIndexKey }, problems };
}
