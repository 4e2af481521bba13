/**
 * The in-process delivery loop started at boot: one pass every poll interval, never two
 * passes of this process at once, errors logged and the loop kept alive. Other processes may
 * run their own loop or `npm run outbox:deliver`; claiming keeps them from sending a row twice.
 */
import 'server-only';
import type { TDb } from '@/db/types';
import { logger } from '@/lib/log/logger';
import { deliverDueOutboxMessages, type TOutboxConfig } from './deliver-outbox';

export type TOutboxWorker = { stop: () => void };

export function startOutboxWorker(getDb: () => Promise<TDb>, config: TOutboxConfig, pollMs: number): TOutboxWorker {
  const log = logger().child({ component: 'outbox' });
  if (!config.target) {
    log.warn('WEBHOOK_URL is not set: outbox messages stay pending until a webhook receiver is configured');
  }
  let running = false;
  const tick = async () => {
    if (running || !config.target) return;
    running = true;
    try {
      const pass = await deliverDueOutboxMessages(await getDb(), config);
      if (pass.configured && pass.claimed > 0) log.info({ claimed: pass.claimed, ...pass.outcomes }, 'outbox delivery pass');
    } catch (e) {
      log.error({ err: e instanceof Error ? e.message : String(e) }, 'outbox delivery pass failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), pollMs);
  // The loop must never keep a process alive on its own (scripts, tests, graceful shutdown).
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
