/**
 * Runs HAProxy in the foreground (`-db`) with a rendered configuration, checked first with
 * `haproxy -c`, and reads server states from its admin socket (`show stat`).
 */
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { stopProcessGroup, tail } from '../e2e-server';

export type THaproxy = {
  pid: number;
  logFile: string;
  /** Backend server name → HAProxy status (UP, DOWN, MAINT, "UP 1/2"…). */
  serverStates: () => Promise<Record<string, string>>;
  waitForStates: (wanted: Record<string, 'UP' | 'DOWN'>, timeoutMs?: number) => Promise<number>;
  stop: () => Promise<void>;
};

export function haproxyInstalled(): boolean {
  try {
    execFileSync('haproxy', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function adminCommand(socket: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = connect(socket);
    let out = '';
    c.setTimeout(2_000, () => c.destroy(new Error('haproxy admin socket timed out')));
    c.on('connect', () => c.write(`${command}\n`));
    c.on('data', (d) => (out += d.toString('utf8')));
    c.on('end', () => resolve(out));
    c.on('error', reject);
  });
}

/** Parses `show stat` CSV into server → status for one backend. */
export function parseServerStates(csv: string, backend: string): Record<string, string> {
  const lines = csv.split('\n').filter(Boolean);
  const header = (lines[0] ?? '').replace(/^#\s*/, '').split(',');
  const px = header.indexOf('pxname');
  const sv = header.indexOf('svname');
  const status = header.indexOf('status');
  const states: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const cols = line.split(',');
    if (cols[px] === backend && cols[sv] !== 'BACKEND' && cols[sv] !== 'FRONTEND') states[cols[sv]!] = cols[status] ?? '';
  }
  return states;
}

export async function startHaproxy(o: { configFile: string; config: string; statsSocket: string; logFile: string; backend: string }): Promise<THaproxy> {
  writeFileSync(o.configFile, o.config);
  try {
    execFileSync('haproxy', ['-c', '-q', '-f', o.configFile], { stdio: 'pipe' });
  } catch (e) {
    throw new Error(`haproxy rejected ${o.configFile}: ${(e as { stderr?: Buffer }).stderr?.toString() ?? String(e)}`);
  }
  const log = createWriteStream(o.logFile, { flags: 'a' });
  const child = spawn('haproxy', ['-db', '-f', o.configFile], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const killOnExit = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.once('exit', killOnExit);
  const serverStates = async () => parseServerStates(await adminCommand(o.statsSocket, 'show stat'), o.backend);
  const waitForStates = async (wanted: Record<string, 'UP' | 'DOWN'>, timeoutMs = 30_000) => {
    const started = performance.now();
    let last: Record<string, string> = {};
    while (performance.now() - started < timeoutMs) {
      if (child.exitCode !== null) throw new Error(`haproxy exited (${child.exitCode}). Log tail:\n${tail(o.logFile)}`);
      last = await serverStates().catch(() => ({}));
      if (Object.entries(wanted).every(([name, state]) => (last[name] ?? '').startsWith(state))) return performance.now() - started;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`haproxy servers did not reach ${JSON.stringify(wanted)} within ${timeoutMs} ms (now ${JSON.stringify(last)})`);
  };
  return {
    pid: child.pid!,
    logFile: o.logFile,
    serverStates,
    waitForStates,
    stop: async () => {
      await stopProcessGroup(child);
      process.removeListener('exit', killOnExit);
      log.end();
    },
  };
}
