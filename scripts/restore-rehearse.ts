/**
 * `npm run restore:rehearse`: restores the newest backup (or --backup <id>) into a fresh
 * scratch database, checks it, stores the report in the live database (Settings → Operations)
 * and prints it. Exits 0 when the rehearsal passed, 1 when it failed or could not run.
 *
 *   npm run restore:rehearse -- [--backup <id>] [--keep] [--json]
 */
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { openDatabase } from '@/db/client';
import { isBackupError } from '@/lib/backup/backup-error';
import { backupKeyring, backupTarget } from '@/lib/backup/backup-keys';
import { recordRehearsal } from '@/lib/backup/record-rehearsal';
import { rehearseRestore, type TRehearsalReport } from '@/lib/backup/rehearse-restore';

function describe(report: TRehearsalReport): string {
  const lines = [report.message];
  for (const c of report.checks) lines.push(`  ${c.status.toUpperCase().padEnd(5)} ${c.name.padEnd(17)} ${String(c.ms).padStart(6)} ms  ${c.detail}`);
  if (report.backupTakenAt) lines.push(`  backup taken ${report.backupTakenAt.toISOString()}; RPO ${report.rpoSeconds ?? '–'} s; RTO ${report.rtoMs ?? '–'} ms; total ${report.totalMs} ms`);
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { backup: { type: 'string' }, keep: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
  });
  const { dir, databaseUrl } = backupTarget();
  const keys = backupKeyring();
  const report = await rehearseRestore({ liveUrl: databaseUrl, dir, keys, keep: values.keep, backupId: values.backup, host: hostname() });
  const handle = await openDatabase({ url: databaseUrl, max: 1 });
  let id: string;
  try {
    id = (await recordRehearsal(handle.db, report)).id;
  } finally {
    await handle.close();
  }
  console.log(values.json ? JSON.stringify({ id, ...report }, null, 2) : `${describe(report)}\n  report ${id} stored (Settings → Operations)`);
  return report.outcome === 'passed' ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : '';
    const message = isBackupError(err) ? err.message : `${err instanceof Error ? err.message.split('\n')[0] : String(err)}${cause}`;
    console.error(`restore:rehearse failed: ${message}`);
    process.exit(1);
  },
);
