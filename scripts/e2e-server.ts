/**
 * Starts and stops `next start` instances for the e2e suite, each on a fresh database:
 * a new uniquely named PostgreSQL database when DATABASE_URL is set (dropped afterwards),
 * otherwise a fresh PGlite directory under the run's DATA_DIR (removed afterwards).
 *
 * The server runs as `node node_modules/next/dist/bin/next start` in its own process group
 * (an `npx` wrapper would leave an orphan next-server when killed), and the whole group is
 * stopped at the end. Its output goes to a log file; the one-time setup link the server
 * prints on first start is captured from it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import postgres from 'postgres';

export type TServerSpec = {
  /** Short label used in names and messages, e.g. "main". */
  name: string;
  port: number;
  sessionIdleSeconds: number;
  signInFailuresPerIp: number;
  /** Directory for this server's DATA_DIR (secrets, PGlite) and log. */
  dataDir: string;
  /** Base PostgreSQL URL; undefined → PGlite. */
  baseDatabaseUrl: string | undefined;
  /** Whether startup must print a first-admin setup link. */
  expectSetupLink: boolean;
};

export type TServerInfo = {
  name: string;
  origin: string;
  port: number;
  driver: 'postgres' | 'pglite';
  dataDir: string;
  logFile: string;
  databaseName: string | undefined;
  setupUrl: string | undefined;
  /** `next start` spawned → first 200 from /api/health, in milliseconds. */
  startupMs: number;
  sessionIdleSeconds: number;
};

export type TRunningServer = TServerInfo & { stop: () => Promise<void> };

const NEXT_BIN = path.resolve('node_modules/next/dist/bin/next');
const STARTUP_TIMEOUT_MS = 90_000;
const SETUP_LINK_TIMEOUT_MS = 30_000;

/** The setup link the server logs: `…/setup/<64 hex or base64url token>`. */
const SETUP_LINK = /\/setup\/([A-Za-z0-9_-]{32,})/;

export function extractSetupToken(log: string): string | undefined {
  return SETUP_LINK.exec(log)?.[1];
}

export function uniqueDatabaseName(label: string): string {
  const safe = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 12).replace(/^_+|_+$/g, '');
  return `cs_e2e_${safe}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

function withDatabase(baseUrl: string, name: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function adminQuery(baseUrl: string, statement: string): Promise<void> {
  const sql = postgres(baseUrl, { max: 1, onnotice: () => undefined });
  try {
    await sql.unsafe(statement);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export async function createDatabase(baseUrl: string, name: string): Promise<string> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe database name ${name}`);
  await adminQuery(baseUrl, `CREATE DATABASE ${name}`);
  return withDatabase(baseUrl, name);
}

export async function dropDatabase(baseUrl: string, name: string): Promise<void> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe database name ${name}`);
  await adminQuery(baseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

export async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', () =>
      reject(new Error(`Port ${port} is already in use: stop whatever listens there (another next start/dev?) before running e2e.`)),
    );
    probe.listen(port, () => probe.close(() => resolve()));
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function healthy(origin: string): Promise<boolean> {
  try {
    const res = await fetch(`${origin}/api/health`, { signal: AbortSignal.timeout(2_000) });
    return res.status === 200;
  } catch {
    return false;
  }
}

export function tail(file: string, lines = 40): string {
  if (!existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

/** Environment for the server: hermetic (no inherited secrets or database), APP_ENV=test. */
function serverEnv(spec: TServerSpec, origin: string, databaseUrl: string | undefined): NodeJS.ProcessEnv {
  const inherited = { ...process.env };
  for (const key of ['DATABASE_URL', 'SESSION_SECRET', 'AUDIT_SIGNING_KEY', 'WEBAUTHN_AAGUID_ALLOWLIST', 'TRUST_PROXY', 'NODE_OPTIONS']) {
    delete inherited[key];
  }
  return {
    ...inherited,
    NODE_ENV: 'production',
    APP_ENV: 'test',
    PUBLIC_ORIGIN: origin,
    DATA_DIR: spec.dataDir,
    SESSION_IDLE_SECONDS: String(spec.sessionIdleSeconds),
    SIGN_IN_FAILURES_PER_IP: String(spec.signInFailuresPerIp),
    SEED_DEMO_DATA: 'false',
    LOG_LEVEL: 'info',
    NEXT_TELEMETRY_DISABLED: '1',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
}

export async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // The group is already gone.
    }
  };
  signalGroup('SIGTERM');
  const stopped = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
  if (!stopped) {
    signalGroup('SIGKILL');
    await Promise.race([exited, sleep(5_000)]);
  }
}

/**
 * Spawns `node next start -p <port>` in its own process group (so the whole tree can be
 * stopped), tees its output to `logFile`, and makes sure it never outlives this process.
 */
export function spawnNextStart(port: number, env: NodeJS.ProcessEnv, logFile: string) {
  const log = createWriteStream(logFile, { flags: 'a' });
  let output = '';
  const child = spawn(process.execPath, [NEXT_BIN, 'start', '-p', String(port)], {
    cwd: process.cwd(),
    env,
    detached: true, // own process group, so the whole tree can be stopped
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Never leave a server behind if this process dies before teardown runs.
  const killOnExit = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.once('exit', killOnExit);
  const collect = (chunk: Buffer) => {
    log.write(chunk);
    if (output.length < 1_000_000) output += chunk.toString('utf8');
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return { child, log, output: () => output, killOnExit };
}

/** Starts one server on a fresh database and waits for /api/health (and the setup link when expected). */
export async function startServer(spec: TServerSpec): Promise<TRunningServer> {
  const origin = `http://localhost:${spec.port}`;
  await assertPortFree(spec.port);
  mkdirSync(spec.dataDir, { recursive: true });
  const logFile = path.join(spec.dataDir, 'server.log');

  const databaseName = spec.baseDatabaseUrl ? uniqueDatabaseName(spec.name) : undefined;
  const databaseUrl = spec.baseDatabaseUrl && databaseName ? await createDatabase(spec.baseDatabaseUrl, databaseName) : undefined;
  const dropIfCreated = async () => {
    if (spec.baseDatabaseUrl && databaseName) await dropDatabase(spec.baseDatabaseUrl, databaseName);
  };

  const started = performance.now();
  const { child, log, output: outputSoFar, killOnExit } = spawnNextStart(spec.port, serverEnv(spec, origin, databaseUrl), logFile);
  const stop = async () => {
    await stopProcessGroup(child);
    process.removeListener('exit', killOnExit);
    await new Promise<void>((r) => log.end(() => r()));
    await dropIfCreated();
  };

  try {
    let startupMs: number | undefined;
    while (startupMs === undefined) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`next start (${spec.name}) exited with ${child.exitCode ?? child.signalCode} before serving. Log tail:\n${tail(logFile)}`);
      }
      if (performance.now() - started > STARTUP_TIMEOUT_MS) {
        throw new Error(`next start (${spec.name}) did not answer 200 on ${origin}/api/health within ${STARTUP_TIMEOUT_MS / 1000}s. Log tail:\n${tail(logFile)}`);
      }
      if (await healthy(origin)) startupMs = performance.now() - started;
      else await sleep(50);
    }

    let token = extractSetupToken(outputSoFar());
    const waitedSince = performance.now();
    while (spec.expectSetupLink && !token && performance.now() - waitedSince < SETUP_LINK_TIMEOUT_MS) {
      await sleep(100);
      token = extractSetupToken(outputSoFar());
    }
    if (spec.expectSetupLink && !token) {
      throw new Error(
        `next start (${spec.name}) did not print a first-admin setup link (…/setup/<token>) within ${SETUP_LINK_TIMEOUT_MS / 1000}s of serving. Log tail:\n${tail(logFile)}`,
      );
    }
    return {
      name: spec.name,
      origin,
      port: spec.port,
      driver: databaseUrl ? 'postgres' : 'pglite',
      dataDir: spec.dataDir,
      logFile,
      databaseName,
      setupUrl: token ? `${origin}/setup/${token}` : undefined,
      startupMs: Math.round(startupMs),
      sessionIdleSeconds: spec.sessionIdleSeconds,
      stop,
    };
  } catch (e) {
    await stop().catch(() => undefined);
    throw e;
  }
}
