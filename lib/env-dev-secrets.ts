/**
 * Development/test secrets: generated once, kept in `<DATA_DIR>/secrets.json` (git-ignored,
 * mode 0600). Never used when APP_ENV is staging or production.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

type TDevSecrets = { sessionSecret: string; auditSigningKeyPem: string };

export function loadDevSecrets(dataDir: string): TDevSecrets {
  const file = path.resolve(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as TDevSecrets;
  mkdirSync(path.dirname(file), { recursive: true });
  const { privateKey } = generateKeyPairSync('ed25519');
  const secrets: TDevSecrets = {
    sessionSecret: randomBytes(32).toString('hex'),
    auditSigningKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
  try {
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: 'wx' });
    // Logged without the values: only the fact and the place.
    console.info(`[countersign] generated development secrets in ${file} (never used in staging/production)`);
  } catch {
    // Another process created it first: use theirs so every process agrees.
    return JSON.parse(readFileSync(file, 'utf8')) as TDevSecrets;
  }
  return secrets;
}
