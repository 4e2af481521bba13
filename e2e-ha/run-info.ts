/** What scripts/ha/run-ha-tests.ts hands to the HA specs (a 0600 JSON file named by HA_RUN_FILE). */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TIdentity } from '../e2e/fixtures/run-info';

export type THaInstanceInfo = { name: 'a' | 'b'; port: number; pgid: number };

export type THaRunInfo = {
  runStartedAt: number;
  origin: string;
  httpOrigin: string;
  setupUrl: string;
  databaseUrl: string;
  caFile: string;
  instances: Record<'a' | 'b', THaInstanceInfo>;
  /** The instances' environment: CLI tools (audit:verify) run with it against the same database. */
  instanceEnv: Record<string, string>;
};

export const HA_RUN_FILE_ENV = 'HA_RUN_FILE';

export function readHaRunInfo(): THaRunInfo {
  const file = process.env[HA_RUN_FILE_ENV];
  if (!file) throw new Error(`${HA_RUN_FILE_ENV} is not set: run the HA suite with \`npm run test:ha\` (it starts the cluster).`);
  return JSON.parse(readFileSync(file, 'utf8')) as THaRunInfo;
}

/**
 * The first administrator enrolled by the ceremony spec (its passkey included), handed to the
 * specs of later phases: the one-time setup link cannot be used twice. Beside the run file, 0600.
 */
function administratorFile(): string {
  const file = process.env[HA_RUN_FILE_ENV];
  if (!file) throw new Error(`${HA_RUN_FILE_ENV} is not set: run the HA suite with \`npm run test:ha\`.`);
  return path.join(path.dirname(file), 'administrator.json');
}

export function saveHaAdministrator(identity: TIdentity): void {
  writeFileSync(administratorFile(), JSON.stringify(identity), { mode: 0o600 });
}

export function readHaAdministrator(): TIdentity {
  try {
    return JSON.parse(readFileSync(administratorFile(), 'utf8')) as TIdentity;
  } catch {
    throw new Error('no HA administrator yet: e2e-ha/passkeys-and-failover.spec.ts enrols it (npm run test:ha runs it first).');
  }
}
