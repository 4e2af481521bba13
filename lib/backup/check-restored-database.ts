/**
 * The checks a restored copy must pass against its manifest: migrations (vs the manifest and
 * this build's journal), every audit chain verified end to end and ending exactly at the
 * manifest's head, and identical row counts in every table.
 */
import 'server-only';
import type { TRehearsalCheck } from '@/db/schema';
import type { TDb } from '@/db/types';
import { listAuditChains } from '@/lib/audit/list-audit-chains';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';
import { expectedMigrationStamps, pendingMigrations } from '@/lib/ops/check-readiness';
import type { TBackupManifest } from './backup-manifest';
import { countRows, readAppliedMigrations, readAuditHeads, type TSqlRunner } from './read-database-facts';

type TCheck = Omit<TRehearsalCheck, 'ms'>;

export async function checkMigrations(sql: TSqlRunner, manifest: TBackupManifest, journal = expectedMigrationStamps()): Promise<TCheck> {
  const applied = await readAppliedMigrations(sql);
  const lost = pendingMigrations(manifest.migrations.applied, applied);
  if (lost.length > 0 || applied.length !== manifest.migrations.applied.length) {
    return { name: 'migrations', status: 'fail', detail: `the restored database records ${applied.length} migrations but the backup had ${manifest.migrations.applied.length}` };
  }
  const pending = pendingMigrations(journal, applied);
  if (pending.length > 0) {
    return { name: 'migrations', status: 'warn', detail: `${applied.length} migrations restored as backed up; this build has ${pending.length} newer ones: run npm run db:migrate after a real restore` };
  }
  return { name: 'migrations', status: 'ok', detail: `all ${applied.length} migrations of this build are applied` };
}

export async function checkAuditChains(db: TDb, sql: TSqlRunner, manifest: TBackupManifest): Promise<TCheck> {
  const expected = new Map(manifest.audit.map((a) => [a.chain, a]));
  const restoredHeads = new Map((await readAuditHeads(sql)).map((a) => [a.chain, a]));
  const chains = [...new Set([...(await listAuditChains(db)), ...expected.keys()])].sort();
  const verified: string[] = [];
  for (const chain of chains) {
    const want = expected.get(chain);
    if (!want) return { name: 'audit-chain', status: 'fail', detail: `chain "${chain}" is in the restored database but not in the manifest` };
    const result = await verifyAuditChain(db, { chain });
    if (!result.ok) {
      return { name: 'audit-chain', status: 'fail', detail: `chain "${chain}" failed at seq ${result.problem!.seq} (${result.problem!.kind}): ${result.problem!.detail}` };
    }
    const head = restoredHeads.get(chain);
    if (result.headSeq !== want.seq || head?.hash !== want.hash) {
      return { name: 'audit-chain', status: 'fail', detail: `chain "${chain}" ends at seq ${result.headSeq} but the manifest's head is seq ${want.seq}, or its hash differs` };
    }
    verified.push(`${chain} to seq ${want.seq}`);
  }
  return { name: 'audit-chain', status: 'ok', detail: verified.length > 0 ? `verified ${verified.join(', ')}; heads match the manifest` : 'no audit events in this backup' };
}

export function compareRowCounts(expected: Record<string, number>, actual: Record<string, number>): TCheck {
  const differences: string[] = [];
  for (const table of [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort()) {
    const want = expected[table];
    const got = actual[table];
    if (want === undefined) differences.push(`${table}: not in the manifest`);
    else if (got === undefined) differences.push(`${table}: missing`);
    else if (want !== got) differences.push(`${table}: ${got} rows, expected ${want}`);
  }
  const total = Object.values(actual).reduce((a, b) => a + b, 0);
  return differences.length > 0
    ? { name: 'row-counts', status: 'fail', detail: differences.slice(0, 10).join('; ') }
    : { name: 'row-counts', status: 'ok', detail: `${Object.keys(actual).length} tables, ${total} rows, all as in the manifest` };
}

export async function checkRowCounts(sql: TSqlRunner, manifest: TBackupManifest): Promise<TCheck> {
  return compareRowCounts(manifest.rowCounts, await countRows(sql));
}
