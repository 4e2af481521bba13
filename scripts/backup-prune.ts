/**
 * `npm run backup:prune`: applies the retention policy (docs/backups.md) to BACKUP_DIR.
 * Dry run by default: prints every backup with KEEP (and why) or DELETE (and why).
 *
 *   npm run backup:prune -- [--apply]
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '@/db/client';
import { isBackupError } from '@/lib/backup/backup-error';
import { backupTarget } from '@/lib/backup/backup-keys';
import { planPrune, pruneBackups } from '@/lib/backup/prune-backups';
import type { TRetentionPlan } from '@/lib/backup/select-backups-to-keep';

function describe(plan: TRetentionPlan, stalePartials: string[]): string[] {
  const rows = [
    ...stalePartials.map((f) => ({ at: new Date(8.64e15), line: `STALE   ${f}  left by an interrupted backup (over 24 h old)` })),
    ...plan.keep.map((k) => ({ at: k.takenAt, line: `KEEP    ${k.id}  ${k.reasons.join(', ')}` })),
    ...plan.delete.map((d) => ({ at: d.takenAt, line: `DELETE  ${d.id}  ${d.reason}: ${d.detail}` })),
  ];
  return rows.sort((a, b) => b.at.getTime() - a.at.getTime()).map((r) => r.line);
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { apply: { type: 'boolean', default: false } } });
  const { dir, databaseUrl } = backupTarget();
  const now = new Date();
  if (!values.apply) {
    const { plan, stalePartials } = await planPrune(dir, now);
    for (const line of describe(plan, stalePartials)) console.log(line);
    console.log(`Dry run in ${dir}: ${plan.keep.length} to keep, ${plan.delete.length} to delete. Run with --apply to delete.`);
    return 0;
  }
  const handle = await openDatabase({ url: databaseUrl, max: 1 });
  try {
    const { plan, stalePartials } = await pruneBackups(handle.db, { dir, now, apply: true });
    for (const line of describe(plan, stalePartials)) console.log(line);
    console.log(`Applied in ${dir}: kept ${plan.keep.length}, deleted ${plan.delete.length}.`);
    return 0;
  } finally {
    await handle.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`backup:prune failed: ${isBackupError(err) ? err.message : err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    process.exit(1);
  },
);
