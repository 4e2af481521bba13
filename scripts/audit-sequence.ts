/**
 * `npm run audit:sequence`: links the events waiting in the audit queue into their chains
 * (the servers' in-process sequencer does this continuously; this is for cron, operations
 * and a server-less recovery), then reports what is still queued. Safe beside running
 * servers: sequencers of one chain serialise on its head lock.
 *
 *   npm run audit:sequence -- [--chain main] [--json] [--max-age-seconds 60]
 *
 * Exit 0 when it ran and the remaining backlog is younger than --max-age-seconds (default
 * 60), 2 when an older backlog remains (writers outpace sequencing, or a chain keeps
 * failing), 1 when it could not run.
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '@/db/client';
import { checkAuditQueueBacklog } from '@/lib/audit/check-audit-queue-backlog';
import { sequenceAuditQueue } from '@/lib/audit/sequence-audit-queue';
import { env } from '@/lib/env';

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { chain: { type: 'string' }, json: { type: 'boolean', default: false }, 'max-age-seconds': { type: 'string', default: '60' } },
  });
  const stallSeconds = Number(values['max-age-seconds']);
  if (!Number.isFinite(stallSeconds) || stallSeconds < 0) throw new Error('--max-age-seconds must be a number of seconds');
  const e = env();
  const handle = await openDatabase({ url: e.databaseUrl, pgliteDir: e.pgliteDir });
  try {
    const result = await sequenceAuditQueue(handle.db, { chain: values.chain });
    const backlog = await checkAuditQueueBacklog(handle.db, { stallSeconds });
    if (values.json) console.log(JSON.stringify({ ...result, backlog }, null, 2));
    else {
      const linked = Object.entries(result.byChain).map(([chain, n]) => `${n} into "${chain}"`).join(', ');
      console.log(`linked ${result.sequenced} queued audit event(s)${linked ? `: ${linked}` : ''}`);
      console.log(`still queued: ${backlog.count}${backlog.count ? `, oldest ${backlog.oldestAgeSeconds.toFixed(1)} s old` : ''}`);
    }
    return backlog.stalled ? 2 : 0;
  } finally {
    await handle.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`audit sequencing could not run: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
