/**
 * What a backup (and a restored copy) must agree on, read in one snapshot: server version,
 * the head (seq, hash) of every audit chain, applied migrations, and exact row counts of
 * every table in the public schema.
 */
import 'server-only';
import type { Sql } from 'postgres';

/** A postgres.js client or transaction (only `unsafe` is used, so both fit). */
export type TSqlRunner = { unsafe: Sql['unsafe'] };

export type TDatabaseFacts = {
  name: string;
  serverVersion: string;
  serverVersionNum: number;
  audit: { chain: string; seq: number; hash: string }[];
  migrations: string[];
  rowCounts: Record<string, number>;
};

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export async function countRows(sql: TSqlRunner): Promise<Record<string, number>> {
  const tables = await sql.unsafe<{ name: string }[]>(
    `select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await sql.unsafe<{ n: string }[]>(`select count(*)::text as n from public.${quoteIdent(name)}`);
    counts[name] = Number(row!.n);
  }
  return counts;
}

export async function readAuditHeads(sql: TSqlRunner): Promise<TDatabaseFacts['audit']> {
  const rows = await sql.unsafe<{ chain: string; seq: string; hash: string }[]>('select chain, seq::text as seq, hash from audit_chain_heads order by chain');
  return rows.map((r) => ({ chain: r.chain, seq: Number(r.seq), hash: r.hash }));
}

export async function readAppliedMigrations(sql: TSqlRunner): Promise<string[]> {
  const [exists] = await sql.unsafe<{ t: string | null }[]>(`select to_regclass('drizzle.__drizzle_migrations')::text as t`);
  if (!exists?.t) return [];
  const rows = await sql.unsafe<{ stamp: string }[]>('select created_at::text as stamp from drizzle.__drizzle_migrations order by id');
  return rows.map((r) => r.stamp);
}

/** Call inside the transaction whose snapshot pg_dump uses, so the facts match the dump exactly. */
export async function readDatabaseFacts(sql: TSqlRunner): Promise<TDatabaseFacts> {
  const [v] = await sql.unsafe<{ name: string; version: string; num: string }[]>(
    `select current_database() as name, current_setting('server_version') as version, current_setting('server_version_num') as num`,
  );
  return {
    name: v!.name,
    serverVersion: v!.version,
    serverVersionNum: Number(v!.num),
    audit: await readAuditHeads(sql),
    migrations: await readAppliedMigrations(sql),
    rowCounts: await countRows(sql),
  };
}
