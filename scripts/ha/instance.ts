/**
 * One `next start` process for the HA setup: its own process group (so it can be killed
 * like a crashed machine, SIGKILL to the whole tree), output to a log file, ready when
 * /api/health answers 200.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { assertPortFree, extractSetupToken, healthy, spawnNextStart, stopProcessGroup, tail } from '../e2e-server';

export type TInstance = {
  name: string;
  port: number;
  /** Process group id: `process.kill(-pgid, 'SIGKILL')` ends the instance at once. */
  pgid: number;
  logFile: string;
  startupMs: number;
  setupToken: () => string | undefined;
  exited: () => boolean;
  kill: () => Promise<void>;
  stop: () => Promise<void>;
};

const STARTUP_TIMEOUT_MS = 90_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function exitedOf(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

export async function startInstance(o: { name: string; port: number; env: NodeJS.ProcessEnv; logDir: string }): Promise<TInstance> {
  await assertPortFree(o.port);
  const logFile = path.join(o.logDir, `instance-${o.name}.log`);
  const started = performance.now();
  const { child, log, output, killOnExit } = spawnNextStart(o.port, o.env, logFile);
  const closeLog = () => new Promise<void>((r) => (log.writable ? log.end(() => r()) : r()));

  const origin = `http://127.0.0.1:${o.port}`;
  while (!(await healthy(origin))) {
    if (exitedOf(child)) throw new Error(`instance ${o.name} exited before serving. Log tail:\n${tail(logFile)}`);
    if (performance.now() - started > STARTUP_TIMEOUT_MS) {
      killOnExit();
      throw new Error(`instance ${o.name} did not answer /api/health within ${STARTUP_TIMEOUT_MS / 1000}s. Log tail:\n${tail(logFile)}`);
    }
    await sleep(50);
  }
  const startupMs = Math.round(performance.now() - started);
  return {
    name: o.name,
    port: o.port,
    pgid: child.pid!,
    logFile,
    startupMs,
    setupToken: () => extractSetupToken(output()),
    exited: () => exitedOf(child),
    kill: async () => {
      const gone = new Promise<void>((r) => (exitedOf(child) ? r() : child.once('exit', () => r())));
      killOnExit();
      await gone;
      process.removeListener('exit', killOnExit);
      await closeLog();
    },
    stop: async () => {
      await stopProcessGroup(child);
      process.removeListener('exit', killOnExit);
      await closeLog();
    },
  };
}
