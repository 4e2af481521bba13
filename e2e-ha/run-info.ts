/** What scripts/ha/run-ha-tests.ts hands to the HA specs (a 0600 JSON file named by HA_RUN_FILE). */
import { readFileSync } from 'node:fs';

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
