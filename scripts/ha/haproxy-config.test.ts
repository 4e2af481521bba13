import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestCertificates } from './certificates';
import { renderHaproxyConfig, type THaproxyConfigInput } from './haproxy-config';

const base: THaproxyConfigInput = {
  bindAddress: '127.0.0.1',
  publicHost: 'localhost',
  httpPort: 3880,
  httpsPort: 3843,
  certificate: '/tmp/x/haproxy.pem',
  statsSocket: '/tmp/x/haproxy.sock',
  servers: [{ name: 'a', port: 3810 }, { name: 'b', port: 3811 }],
  checkIntervalMs: 500,
  testRouting: false,
};

function haproxyAvailable(): boolean {
  try {
    execFileSync('haproxy', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('renderHaproxyConfig', () => {
  it('terminates TLS, redirects http to the https port, adds HSTS and health-checks /api/ready on every instance', () => {
    const cfg = renderHaproxyConfig(base);
    expect(cfg).toContain('bind 127.0.0.1:3843 ssl crt /tmp/x/haproxy.pem');
    expect(cfg).toContain('http-request redirect location https://localhost:3843%[capture.req.uri] code 301');
    expect(cfg).toContain('http-after-response set-header Strict-Transport-Security "max-age=63072000; includeSubDomains"');
    expect(cfg).toContain('http-check send meth GET uri /api/ready');
    expect(cfg).toContain('server a 127.0.0.1:3810 check');
    expect(cfg).toContain('server b 127.0.0.1:3811 check');
    expect(cfg).not.toMatch(/\{\{\w+\}\}/);
  });

  it('replays a request that reached a crashed instance only for GET/HEAD, never a POST', () => {
    const cfg = renderHaproxyConfig(base);
    expect(cfg).toMatch(/^\s*retry-on conn-failure empty-response\s*$/m);
    expect(cfg).toMatch(/^\s*http-request disable-l7-retry unless METH_GET\s*$/m);
    expect(cfg).not.toMatch(/retry-on .*(response-timeout|all-retryable-errors|junk-response|50\d)/);
  });

  it('has no client-controlled instance pinning unless test routing is asked for', () => {
    expect(renderHaproxyConfig(base)).not.toContain('x-cs-pin');
    const test = renderHaproxyConfig({ ...base, testRouting: true });
    expect(test).toContain('use-server a if { req.hdr(x-cs-pin) -m str a }');
    expect(test).toContain('http-response set-header X-Cs-Served-By %s');
  });

  it('refuses unsafe values instead of writing them into the configuration', () => {
    expect(() => renderHaproxyConfig({ ...base, publicHost: 'evil.example\n  server x 1.2.3.4:80' })).toThrow(/public host/);
    expect(() => renderHaproxyConfig({ ...base, servers: [{ name: 'a b', port: 3810 }] })).toThrow(/server name/);
    expect(() => renderHaproxyConfig({ ...base, httpPort: 3810 })).toThrow(/ports must differ/);
    expect(() => renderHaproxyConfig({ ...base, certificate: '/tmp/x y.pem' })).toThrow(/unsafe path/);
    expect(() => renderHaproxyConfig(base, 'global\n  {{nope}}\n')).toThrow(/unknown placeholder/);
  });

  it.skipIf(!haproxyAvailable())('renders a configuration haproxy -c accepts', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cs-haproxy-'));
    try {
      const certs = createTestCertificates(path.join(dir, 'tls'));
      const file = path.join(dir, 'haproxy.cfg');
      writeFileSync(file, renderHaproxyConfig({ ...base, certificate: certs.haproxyPemFile, statsSocket: path.join(dir, 'stats.sock'), testRouting: true }));
      expect(() => execFileSync('haproxy', ['-c', '-f', file], { stdio: 'pipe' })).not.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
