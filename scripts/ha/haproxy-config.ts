/**
 * Renders scripts/ha/haproxy.cfg.template. Pure apart from reading the template, so the
 * rendered configuration is unit-tested and `haproxy -c` can check it before a run.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export type THaproxyServer = { name: string; port: number };

export type THaproxyConfigInput = {
  bindAddress: string;
  publicHost: string;
  httpPort: number;
  httpsPort: number;
  certificate: string;
  statsSocket: string;
  servers: THaproxyServer[];
  checkIntervalMs: number;
  /**
   * Test only: an `X-Cs-Pin: <server>` request header picks the instance, and every answer
   * names the instance in `X-Cs-Served-By`, so a test can split one ceremony across two
   * instances and prove where each half ran. Never enable it in production.
   */
  testRouting: boolean;
};

const SERVER_NAME = /^[a-z][a-z0-9-]{0,30}$/;
const TEMPLATE = path.join(__dirname, 'haproxy.cfg.template');

function assertSafe(input: THaproxyConfigInput): void {
  const ports = [input.httpPort, input.httpsPort, ...input.servers.map((s) => s.port)];
  if (ports.some((p) => !Number.isInteger(p) || p < 1 || p > 65535)) throw new Error(`invalid port in ${ports.join(', ')}`);
  if (new Set(ports).size !== ports.length) throw new Error(`ports must differ: ${ports.join(', ')}`);
  if (input.servers.length === 0) throw new Error('at least one server is needed');
  for (const s of input.servers) if (!SERVER_NAME.test(s.name)) throw new Error(`invalid server name ${s.name}`);
  if (!/^[A-Za-z0-9.-]+$/.test(input.publicHost)) throw new Error(`invalid public host ${input.publicHost}`);
  for (const file of [input.certificate, input.statsSocket]) {
    if (!/^[A-Za-z0-9._/-]+$/.test(file)) throw new Error(`unsafe path for HAProxy configuration: ${file}`);
  }
}

export function renderHaproxyConfig(input: THaproxyConfigInput, template = readFileSync(TEMPLATE, 'utf8')): string {
  assertSafe(input);
  const servers = input.servers.map((s) => `    server ${s.name} 127.0.0.1:${s.port} check`).join('\n');
  const testRouting = input.testRouting
    ? [
        '    # TEST ONLY (testRouting): pin a request to one instance and name the instance in the answer.',
        ...input.servers.map((s) => `    use-server ${s.name} if { req.hdr(x-cs-pin) -m str ${s.name} }`),
        '    http-response set-header X-Cs-Served-By %s',
      ].join('\n')
    : '';
  const values: Record<string, string> = {
    bindAddress: input.bindAddress,
    publicHost: input.publicHost,
    httpPort: String(input.httpPort),
    httpsPort: String(input.httpsPort),
    httpsPortSuffix: input.httpsPort === 443 ? '' : `:${input.httpsPort}`,
    certificate: input.certificate,
    statsSocket: input.statsSocket,
    checkIntervalMs: `${input.checkIntervalMs}ms`,
    servers,
    testRouting,
  };
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`haproxy template: unknown placeholder {{${name}}}`);
    return value;
  });
}
