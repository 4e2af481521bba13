/**
 * `npm run outbox:deliver`: delivers due outbox messages to the configured webhook once (or,
 * with --until-idle, pass after pass until nothing is due) and prints what happened. Safe to
 * run beside the servers' own delivery loops: rows are claimed with FOR UPDATE SKIP LOCKED.
 *
 *   npm run outbox:deliver -- [--until-idle] [--json]
 *
 * Exit code 0 when the pass ran (even if receivers failed: those rows retry later), 2 when no
 * WEBHOOK_URL is configured, 1 when the pass itself could not run.
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '@/db/client';
import { env } from '@/lib/env';
import { deliverDueOutboxMessages, type TDeliveryPass } from '@/lib/outbox/deliver-outbox';
import { outboxConfigFromEnv } from '@/lib/outbox/outbox-config';

function describePass(p: TDeliveryPass): string {
  if (!p.configured) return `WEBHOOK_URL is not set: ${p.pending} message(s) waiting, nothing sent`;
  const o = p.outcomes;
  return `claimed ${p.claimed}: ${o.delivered} delivered, ${o.failed} failed (will retry), ${o.dead} dead, ${o['lost-lease']} taken over by another worker`;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { 'until-idle': { type: 'boolean', default: false }, json: { type: 'boolean', default: false } } });
  const e = env();
  const handle = await openDatabase({ url: e.databaseUrl, pgliteDir: e.pgliteDir });
  try {
    const config = outboxConfigFromEnv();
    const passes: TDeliveryPass[] = [];
    for (;;) {
      const pass = await deliverDueOutboxMessages(handle.db, config);
      passes.push(pass);
      console.log(values.json ? JSON.stringify(pass) : describePass(pass));
      if (!values['until-idle'] || !pass.configured || pass.claimed === 0 || passes.length >= 1000) break;
    }
    return passes[0]?.configured === false ? 2 : 0;
  } finally {
    await handle.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`outbox delivery could not run: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
