import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '@/lib/env';
import { resolvePiiKeyring } from './resolve-pii-keyring';

const k = () => randomBytes(32).toString('base64');
const dir = mkdtempSync(path.join(tmpdir(), 'pii-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('PII key configuration', () => {
  it('reads versioned keys as a list or JSON; the last one is active unless named', () => {
    const list = resolvePiiKeyring({ PII_KEYS: `v1:${k()},v2:${k()}`, PII_BLIND_INDEX_KEY: k() }, { productionLike: true, dataDir: dir });
    expect(list.problems).toEqual([]);
    expect(list.keyring?.activeKeyId).toBe('v2');
    expect([...list.keyring!.keys.keys()]).toEqual(['v1', 'v2']);
    const json = resolvePiiKeyring(
      { PII_KEYS: JSON.stringify({ a: k(), b: k() }), PII_ACTIVE_KEY_ID: 'a', PII_BLIND_INDEX_KEY: k() },
      { productionLike: true, dataDir: dir },
    );
    expect(json.keyring?.activeKeyId).toBe('a');
  });

  it('production refuses missing, short, duplicate and unknown-active keys without echoing key material', () => {
    const short = Buffer.alloc(16, 7).toString('base64');
    const cases: [Record<string, string>, RegExp][] = [
      [{}, /PII_KEYS is missing/],
      [{ PII_KEYS: `v1:${short}`, PII_BLIND_INDEX_KEY: k() }, /32 random bytes/],
      [{ PII_KEYS: `v1:${k()}`, PII_ACTIVE_KEY_ID: 'v7', PII_BLIND_INDEX_KEY: k() }, /PII_ACTIVE_KEY_ID "v7"/],
      [{ PII_KEYS: `v1:${k()}` }, /PII_BLIND_INDEX_KEY/],
      [{ PII_KEYS: `v1:${k()},v1:${k()}`, PII_BLIND_INDEX_KEY: k() }, /appears twice/],
    ];
    for (const [source, problem] of cases) {
      const r = resolvePiiKeyring(source, { productionLike: true, dataDir: dir });
      expect(r.keyring).toBeNull();
      expect(r.problems.join('\n')).toMatch(problem);
      expect(r.problems.join('\n')).not.toContain(short);
    }
    const same = k();
    expect(resolvePiiKeyring({ PII_KEYS: `v1:${same}`, PII_BLIND_INDEX_KEY: same }, { productionLike: true, dataDir: dir }).problems.join()).toMatch(/must differ/);
  });

  it('production start fails when PII keys are missing', () => {
    const prod = {
      APP_ENV: 'production', DATABASE_URL: 'postgres://db/x', PUBLIC_ORIGIN: 'https://cs.example',
      SESSION_SECRET: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8', AUDIT_SIGNING_KEY: 'x',
    };
    expect(() => parseEnv(prod)).toThrow(EnvError);
    expect(() => parseEnv(prod)).toThrow(/PII_KEYS is missing/);
    expect(parseEnv({ ...prod, PII_KEYS: `v1:${k()}`, PII_BLIND_INDEX_KEY: k() }).pii.activeKeyId).toBe('v1');
  });

  it('development generates keys once into a private file and reuses them', () => {
    const a = resolvePiiKeyring({}, { productionLike: false, dataDir: dir });
    const b = resolvePiiKeyring({}, { productionLike: false, dataDir: dir });
    expect(a.keyring?.keys.get('dev1')?.equals(b.keyring!.keys.get('dev1')!)).toBe(true);
    const file = path.join(dir, 'pii-keys.json');
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveProperty('blindIndexKey');
  });
});
