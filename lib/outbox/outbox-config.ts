/** The delivery worker's settings from the validated environment (lib/env.ts). */
import 'server-only';
import { env } from '@/lib/env';
import type { TOutboxConfig } from './deliver-outbox';

export function outboxConfigFromEnv(): TOutboxConfig & { pollSeconds: number } {
  const w = env().webhook;
  return {
    target: w.url && w.secret ? { url: w.url, secret: w.secret } : null,
    maxAttempts: w.maxAttempts,
    backoffMs: w.backoffSeconds * 1000,
    pollSeconds: w.pollSeconds,
  };
}
