/**
 * Development/test PII keys: generated once into `<DATA_DIR>/pii-keys.json` (git-ignored,
 * mode 0600) beside the other development secrets. A separate file created with O_EXCL so
 * two processes starting together agree on one key (rewriting secrets.json could race and
 * leave rows encrypted under a key nobody kept). Never used in staging/production.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

type TDevPiiKeys = { keys: string; activeKeyId: string; blindIndexKey: string };

export function loadDevPiiKeys(dataDir: string): TDevPiiKeys {
  const file = path.resolve(dataDir, 'pii-keys.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as TDevPiiKeys;
  mkdirSync(path.dirname(file), { recursive: true });
  const generated: TDevPiiKeys = {
    keys: `dev1:${randomBytes(32).toString('base64')}`,
    activeKeyId: 'dev1',
    blindIndexKey: randomBytes(32).toString('base64'),
  };
  try {
    writeFileSync(file, JSON.stringify(generated, null, 2), { mode: 0o600, flag: 'wx' });
    console.info(`[countersign] generated development PII keys in ${file} (never used in staging/production)`);
    return generated;
  } catch {
    return JSON.parse(readFileSync(file, 'utf8')) as TDevPiiKeys;
  }
}
