/** Crash an instance like a lost machine (SIGKILL to its process group) and wait until it is gone. */
import type { THaInstanceInfo } from './run-info';

function alive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function crashInstance(instance: THaInstanceInfo): Promise<number> {
  const killedAt = Date.now();
  try {
    process.kill(-instance.pgid, 'SIGKILL');
  } catch {
    // already gone
  }
  for (let i = 0; i < 200 && alive(instance.pgid); i++) await new Promise((r) => setTimeout(r, 25));
  if (alive(instance.pgid)) throw new Error(`instance ${instance.name} (pgid ${instance.pgid}) survived SIGKILL`);
  return killedAt;
}

export function isAlive(instance: THaInstanceInfo): boolean {
  return alive(instance.pgid);
}
