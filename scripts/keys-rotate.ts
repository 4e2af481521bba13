/**
 * `npm run keys:rotate`: re-encrypts every encrypted PII/secret column with the active key
 * (PII_ACTIVE_KEY_ID), in batches, printing progress. Safe to interrupt and run again: rows
 * already on the active key are skipped. Keep the old key in PII_KEYS until this reports 0
 * remaining, then remove it.
 *
 *   npm run keys:rotate -- [--batch 500] [--dry-run]
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '@/db/client';
import { env } from '@/lib/env';
import { countStaleRows, rotatePiiKeys } from '@/lib/crypto/rotate-keys';
import { ENCRYPTED_TABLES } from '@/lib/crypto/pii-columns';

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { batch: { type: 'string', default: '500' }, 'dry-run': { type: 'boolean', default: false } } });
  const batchSize = Number(values.batch);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new Error('--batch must be a whole number from 1 to 10000');
  const e = env();
  const handle = await openDatabase({ url: e.databaseUrl, pgliteDir: e.pgliteDir });
  try {
    console.log(`active key: ${e.pii.activeKeyId} (configured: ${[...e.pii.keys.keys()].join(', ')})`);
    for (const t of ENCRYPTED_TABLES) console.log(`${t.table}: ${await countStaleRows(handle.db, t, e.pii)} row(s) not on the active key`);
    if (values['dry-run']) return 0;
    const started = Date.now();
    const result = await rotatePiiKeys(handle.db, {
      batchSize,
      onBatch: (p) => {
        process.stderr.write(`\r${p.table}: ${p.done}/${p.total} rows re-encrypted (${Math.floor((100 * p.done) / Math.max(1, p.total))}%)`);
      },
    });
    process.stderr.write('\n');
    console.log(`done: ${result.rows} row(s), ${result.fields} field(s) moved to key ${result.activeKeyId} in ${Date.now() - started} ms`);
    for (const t of ENCRYPTED_TABLES) console.log(`${t.table}: ${await countStaleRows(handle.db, t, e.pii)} row(s) remaining`);
    return 0;
  } finally {
    await handle.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    // Never print key material or plaintext: the message and the error code only.
    const code = err && typeof err === 'object' && 'code' in err ? ` [${String(err.code)}]` : '';
    console.error(`keys:rotate stopped: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}${code}. Fix the cause and run it again; finished rows are kept.`);
    process.exit(1);
  },
);
