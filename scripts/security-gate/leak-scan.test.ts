import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanFiles, scanText } from './leak-scan';

describe('scanText', () => {
  it('finds a card number written together, grouped, or inside JSON, and names only the place', () => {
    for (const text of ['pan 4111111111111111 here', '{"card":"4111 1111 1111 1111"}', 'x 5555-5555-5555-4444']) {
      const findings = scanText(text, 'body');
      expect(findings, text).toEqual([{ source: 'body', line: 1, kind: 'card number (PAN)' }]);
      expect(JSON.stringify(findings)).not.toMatch(/4111|5555/);
    }
  });

  it('ignores what only looks like digits: BIN and last four apart, millisecond timestamps, a Luhn-invalid number', () => {
    expect(scanText('{"bin":"411111","last4":"1111","at":1763942400000,"n":"4111111111111112"}', 'body')).toEqual([]);
  });

  it('does not mistake a UUID or a hex digest whose digits pass Luhn for a card number, but still finds a PAN beside them', () => {
    const uuid = 'a1b2c3d4-4111-1111-1111-111111111111';
    const digest = `ab4111111111111111${'c'.repeat(46)}`;
    expect(scanText(`{"id":"${uuid}","hash":"${digest}"}`, 'export')).toEqual([]);
    expect(scanText(`{"id":"${uuid}","note":"4111111111111111"}`, 'export')).toEqual([{ source: 'export', line: 1, kind: 'card number (PAN)' }]);
  });

  it('does not read icon geometry (SVG path data, in HTML or in the RSC payload) as card numbers, but finds a PAN in the text beside it', () => {
    const path1 = 'M9.671 4.136a2.34 2.34 0 0 1 4.659 0 2.34 2.34 0 0 0 3.319 1.915 2.34 2.34 0 0 1 2.33 4.033';
    expect(scanText(`<path d="${path1}"></path>`, 'page')).toEqual([]);
    expect(scanText(`self.__next_f.push([1,"[\\"$\\",\\"path\\",null,{\\"d\\":\\"${path1}\\"}]"])`, 'page')).toEqual([]);
    expect(scanText(`<path d="${path1}"></path><td>4111 1111 1111 1111</td>`, 'page')).toEqual([{ source: 'page', line: 1, kind: 'card number (PAN)' }]);
  });

  it('finds private keys, full service tokens, JWT-shaped tokens, bearer credentials and known secret values', () => {
    const text = [
      '-----BEGIN PRIVATE KEY-----',
      `token cst_${'A'.repeat(43)}`,
      'cookie eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..abcdefghijklmnop',
      'authorization: Bearer abcdefghijklmnopqrstuvwxyz',
      'leaked 0123456789abcdef0123',
      'the display prefix cst_AbCdEfGh is fine',
    ].join('\n');
    const kinds = scanText(text, 'log', ['0123456789abcdef0123']).map((f) => `${f.line}:${f.kind}`);
    expect(kinds).toEqual(['1:private key', '2:service token', '3:JWT/JWE token', '4:bearer credential', '5:secret value of this run']);
  });
});

describe('scanFiles', () => {
  it('scans each captured response body and names the URL it came from', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cs-leak-'));
    try {
      const capture = path.join(dir, 'responses-1.jsonl');
      writeFileSync(capture, [
        JSON.stringify({ url: 'https://x/ok', status: 200, body: '<p>fine</p>' }),
        JSON.stringify({ url: 'https://x/bad', status: 200, body: 'card 4111111111111111' }),
        JSON.stringify({ url: 'https://x/_next/static/chunks/a.js', status: 200, body: 'var n=4111111111111111;' }),
        JSON.stringify({ url: 'https://x/_next/static/chunks/b.js', status: 200, body: `var t="cst_${'A'.repeat(43)}";` }),
        JSON.stringify({ url: 'https://x/settings/api', method: 'POST', status: 200, body: `1:{"ok":true,"data":{"token":"cst_${'B'.repeat(43)}"}}` }),
        JSON.stringify({ url: 'https://x/settings/api', method: 'GET', status: 200, body: `<td>cst_${'C'.repeat(43)}</td>` }),
      ].join('\n'));
      const log = path.join(dir, 'server.log');
      writeFileSync(log, '{"msg":"fine"}\n');
      const result = scanFiles([capture, log]);
      expect(result.responses).toBe(6);
      // Static build chunks are scanned for secrets only (their numbers are code, not data); a full
      // service token is allowed only in the requester's one-time pickup (POST /settings/api).
      expect(result.findings).toEqual([
        { source: 'responses-1.jsonl:2 https://x/bad', line: 1, kind: 'card number (PAN)' },
        { source: 'responses-1.jsonl:4 https://x/_next/static/chunks/b.js', line: 1, kind: 'service token' },
        { source: 'responses-1.jsonl:6 https://x/settings/api', line: 1, kind: 'service token' },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
