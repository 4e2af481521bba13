/**
 * Two stateless `next start` instances on ONE PostgreSQL database behind HAProxy, on
 * loopback: the production shape in miniature. Instances share configuration (secrets come
 * from the environment, as in production), never memory: sessions, WebAuthn challenges,
 * throttles, idempotency keys and the outbox all live in PostgreSQL.
 *
 * Instance a starts first and applies migrations; b starts once a is healthy (the app's
 * test mode migrates on start, and two migrators racing would be a test artefact). While no
 * administrator exists each start prints a fresh setup link that voids the previous one, so
 * the link printed by the last instance to start is the valid one.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createDatabase, dropDatabase, uniqueDatabaseName } from '../e2e-server';
import { createTestCertificates, type TTestCertificates } from './certificates';
import { renderHaproxyConfig } from './haproxy-config';
import { startHaproxy, type THaproxy } from './haproxy-process';
import { startInstance, type TInstance } from './instance';

export type THaPorts = { a: number; b: number; https: number; http: number };

/** HA_PORT_BASE (default 3810): instances on base and base+1, HTTPS front on base+33, HTTP on base+70. */
export function haPorts(base: number): THaPorts {
  return { a: base, b: base + 1, https: base + 33, http: base + 70 };
}

export type TClusterOptions = {
  dir: string;
  ports: THaPorts;
  baseDatabaseUrl: string;
  testRouting: boolean;
  checkIntervalMs?: number;
};

export type TCluster = {
  origin: string;
  httpOrigin: string;
  ports: THaPorts;
  databaseUrl: string;
  certificates: TTestCertificates;
  /** The environment both instances run with (also what CLI tools need to read the same database). */
  instanceEnv: NodeJS.ProcessEnv;
  instances: Map<string, TInstance>;
  haproxy: THaproxy;
  setupUrl: string | undefined;
  startInstance: (name: 'a' | 'b') => Promise<TInstance>;
  stop: () => Promise<void>;
};

function sharedSecrets(): { SESSION_SECRET: string; AUDIT_SIGNING_KEY: string } {
  const { privateKey } = generateKeyPairSync('ed25519');
  return {
    SESSION_SECRET: randomBytes(32).toString('hex'),
    AUDIT_SIGNING_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

function instanceEnvFor(origin: string, databaseUrl: string, dataDir: string): NodeJS.ProcessEnv {
  const inherited = { ...process.env };
  for (const key of ['DATABASE_URL', 'SESSION_SECRET', 'AUDIT_SIGNING_KEY', 'NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS']) delete inherited[key];
  return {
    ...inherited,
    ...sharedSecrets(),
    NODE_ENV: 'production',
    APP_ENV: 'test',
    PUBLIC_ORIGIN: origin,
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    TRUST_PROXY: 'true',
    // HAProxy reaches the instances over loopback; only it may name the client in X-Forwarded-For.
    TRUSTED_PROXIES: '127.0.0.1, ::1',
    SEED_DEMO_DATA: 'false',
    SIGN_IN_FAILURES_PER_IP: '1000',
    LOG_LEVEL: 'info',
    NEXT_TELEMETRY_DISABLED: '1',
  };
}

export async function startCluster(o: TClusterOptions): Promise<TCluster> {
  mkdirSync(o.dir, { recursive: true });
  const origin = `https://localhost:${o.ports.https}`;
  const databaseName = uniqueDatabaseName('ha');
  const databaseUrl = await createDatabase(o.baseDatabaseUrl, databaseName);
  const instances = new Map<string, TInstance>();
  let haproxy: THaproxy | undefined;
  const env = instanceEnvFor(origin, databaseUrl, path.join(o.dir, 'data'));
  const stop = async () => {
    await haproxy?.stop().catch(() => undefined);
    await Promise.all([...instances.values()].map((i) => i.stop().catch(() => undefined)));
    await dropDatabase(o.baseDatabaseUrl, databaseName);
  };
  try {
    const start = async (name: 'a' | 'b') => {
      const instance = await startInstance({ name, port: o.ports[name], env, logDir: o.dir });
      instances.set(name, instance);
      return instance;
    };
    await start('a');
    const b = await start('b');
    // The setup link is printed after the server is listening; give b a moment to print it.
    for (let i = 0; i < 100 && !b.setupToken(); i++) await new Promise((r) => setTimeout(r, 100));
    const token = b.setupToken();

    const certificates = createTestCertificates(path.join(o.dir, 'tls'));
    const statsSocket = path.join(o.dir, 'haproxy.sock');
    const config = renderHaproxyConfig({
      bindAddress: '127.0.0.1',
      publicHost: 'localhost',
      httpPort: o.ports.http,
      httpsPort: o.ports.https,
      certificate: certificates.haproxyPemFile,
      statsSocket,
      servers: [{ name: 'a', port: o.ports.a }, { name: 'b', port: o.ports.b }],
      checkIntervalMs: o.checkIntervalMs ?? 500,
      testRouting: o.testRouting,
    });
    haproxy = await startHaproxy({ configFile: path.join(o.dir, 'haproxy.cfg'), config, statsSocket, logFile: path.join(o.dir, 'haproxy.log'), backend: 'countersign' });
    await haproxy.waitForStates({ a: 'UP', b: 'UP' });
    return {
      origin,
      httpOrigin: `http://localhost:${o.ports.http}`,
      ports: o.ports,
      databaseUrl,
      certificates,
      instanceEnv: env,
      instances,
      haproxy,
      setupUrl: token ? `${origin}/setup/${token}` : undefined,
      startInstance: start,
      stop,
    };
  } catch (e) {
    await stop().catch(() => undefined);
    throw e;
  }
}
