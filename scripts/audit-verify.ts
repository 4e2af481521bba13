/**
 * `npm run audit:verify`: verifies every audit chain (or one, with --chain) in the configured
 * database and exits 0 when all are intact, 1 otherwise (including when it cannot verify, or
 * when queued audit events have waited over a minute to be linked: a stopped sequencer).
 * Run with `tsx --conditions=react-server` (see package.json) so `server-only` resolves to its
 * empty server build instead of throwing.
 *
 *   npm run audit:verify -- [--chain main] [--json] [--record] [--public-key retired.pem ...]
 *
 * --record appends an audit.verification_failed event and alerts administrators on failure.
 * --public-key trusts an extra (e.g. retired) checkpoint key in addition to the current one.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase } from '@/db/client';
import { checkAuditQueueBacklog } from '@/lib/audit/check-audit-queue-backlog';
import { listAuditChains } from '@/lib/audit/list-audit-chains';
import { recordVerificationFailure } from '@/lib/audit/record-verification-failure';
import { verifyAuditChain, type TVerifyAuditChainResult } from '@/lib/audit/verify-audit-chain';
import { env } from '@/lib/env';

function describeResult(r: TVerifyAuditChainResult): string {
  const cp = r.lastCheckpoint ? `last checkpoint seq ${r.lastCheckpoint.seq} ${r.lastCheckpoint.verified ? 'verified' : 'NOT verified'}` : 'no checkpoint yet';
  if (r.ok) return `chain "${r.chain}": OK — ${r.checked} of ${r.total} events verified, head seq ${r.headSeq}, ${cp}`;
  const p = r.problem!;
  return `chain "${r.chain}": FAILED at seq ${p.seq} (${p.kind}): ${p.detail} — ${r.checked} events verified before it, ${cp}`;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      chain: { type: 'string' },
      json: { type: 'boolean', default: false },
      record: { type: 'boolean', default: false },
      'public-key': { type: 'string', multiple: true, default: [] },
    },
  });
  const publicKeys = values['public-key'].map((file) => readFileSync(file, 'utf8'));
  const e = env();
  const handle = await openDatabase({ url: e.databaseUrl, pgliteDir: e.pgliteDir });
  try {
    const chains = values.chain ? [values.chain] : await listAuditChains(handle.db);
    if (chains.length === 0) chains.push('main');
    const results: TVerifyAuditChainResult[] = [];
    for (const chain of chains) {
      const result = await verifyAuditChain(handle.db, {
        chain,
        publicKeys,
        onProgress: (p) => process.stderr.write(`\rverifying "${p.chain}": ${p.checked}/${p.total}`),
      });
      process.stderr.write('\n');
      results.push(result);
      if (!values.json) console.log(describeResult(result));
      if (!result.ok && values.record) {
        const recorded = await handle.db.transaction((tx) => recordVerificationFailure(tx, result));
        if (!values.json) console.log(`recorded as audit event seq ${recorded?.seq} in chain "${chain}" and alerted administrators`);
      }
    }
    const backlog = await checkAuditQueueBacklog(handle.db);
    if (values.json) console.log(JSON.stringify(results, null, 2));
    else if (backlog.count > 0) {
      const state = backlog.stalled ? 'STALLED' : 'being linked';
      console.log(`audit queue: ${backlog.count} events waiting to be linked, oldest ${Math.round(backlog.oldestAgeSeconds)} s (${state})`);
    }
    return results.every((r) => r.ok) && !backlog.stalled ? 0 : 1;
  } finally {
    await handle.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    // Drizzle wraps driver errors; the driver's message ("relation … does not exist") is the useful part.
    const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : '';
    console.error(`audit:verify could not verify the audit log: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}${cause}`);
    process.exit(1);
  },
);
