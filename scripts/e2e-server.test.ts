import { describe, expect, it } from 'vitest';
import { extractSetupToken, uniqueDatabaseName } from './e2e-server';

describe('extractSetupToken', () => {
  it('finds a 64-hex setup token in a JSON log line', () => {
    const token = 'a'.repeat(64);
    const line = `{"level":30,"msg":"First start: open http://localhost:3000/setup/${token} to become the first administrator"}`;
    expect(extractSetupToken(`noise\n${line}\n`)).toBe(token);
  });

  it('finds a base64url token in plain text', () => {
    expect(extractSetupToken('Setup link: http://localhost:3001/setup/AbC_-0123456789abcdefghijklmnopqrstuvwxyz')).toBe(
      'AbC_-0123456789abcdefghijklmnopqrstuvwxyz',
    );
  });

  it('ignores short path segments that are not tokens', () => {
    expect(extractSetupToken('GET /setup/abc 404')).toBeUndefined();
  });
});

describe('uniqueDatabaseName', () => {
  it('makes distinct, SQL-identifier-safe names', () => {
    const a = uniqueDatabaseName('Main Server!');
    const b = uniqueDatabaseName('Main Server!');
    expect(a).toMatch(/^cs_e2e_main_server_[a-z0-9]+_[0-9a-f]{6}$/);
    expect(a).not.toBe(b);
  });
});
