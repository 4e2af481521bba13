/**
 * Permission performance against a floor measured in the same run: a plain CASL ability of
 * the same size, built in memory from already-resolved rules.
 */
import { createMongoAbility, type MongoAbility } from '@casl/ability';
import { rulesToAST } from '@casl/ability/extra';
import { PgDialect } from 'drizzle-orm/pg-core';
import { buildAbilityForRoles } from '@/lib/permissions/ability';
import { asSubject } from '@/lib/permissions/as-subject';
import { caslToSql } from '@/lib/permissions/casl-to-sql';
import { substituteActor } from '@/lib/permissions/placeholders';
import { permTestColumns } from '@/lib/permissions/testing/perm-test-items';
import { ACTOR_ID } from '@/lib/permissions/testing/random-transaction-rules';
import { measure, type TTiming } from './measure';
import { benchmarkRoles } from './permission-rules';


const ITERATIONS = 3000;

export function runPermissionsBenchmark(): void {
  const roles = benchmarkRoles(5, 50);
  const actor = { id: ACTOR_ID, region: 'EU' };
  const record = asSubject('Transaction', { amountMinor: 50_000n, currency: 'EUR', status: 'frozen', assigneeId: ACTOR_ID, region: 'EU', merchantCountry: 'FR' });
  // The floor: the same 250 rules with placeholders already resolved, handed straight to CASL.
  const withKeys = { ...actor, roleKeys: roles.map((r) => r.key) };
  const resolved = roles.flatMap((r) => r.rules.map((rule) => (rule.conditions ? { ...rule, conditions: substituteActor(rule.conditions, withKeys) } : rule)));
  const floorAbility = () => createMongoAbility(resolved as Parameters<typeof createMongoAbility>[0]) as MongoAbility;
  const dialect = new PgDialect({ casing: 'snake_case' });

  type TRow = { name: string; ours: TTiming; floorName: string; floor?: TTiming; goalMs?: number };

  const rows: TRow[] = [
    {
      name: 'ability build + check (5 roles x 50 rules)',
      ours: measure(ITERATIONS, () => null, () => buildAbilityForRoles(roles, actor).can('release', record)),
      floorName: 'createMongoAbility + can',
      floor: measure(ITERATIONS, () => null, () => floorAbility().can('release', record)),
      goalMs: 1,
    },
    {
      name: 'check only, on a built ability',
      ours: measure(ITERATIONS, () => buildAbilityForRoles(roles, actor), (a) => a.can('release', record)),
      floorName: 'can',
      floor: measure(ITERATIONS, floorAbility, (a) => a.can('release', record)),
    },
    {
      name: 'CASL -> SQL translation (read Transaction)',
      ours: measure(ITERATIONS, () => buildAbilityForRoles(roles, actor), (a) => caslToSql(a, 'read', 'Transaction', permTestColumns)),
      floorName: 'rulesToAST',
      floor: measure(ITERATIONS, floorAbility, (a) => rulesToAST(a, 'read', 'Transaction')),
      goalMs: 0.2,
    },
    {
      // For context only: Drizzle renders the clause to text when the query runs, whoever built it.
      name: 'translation + Drizzle render to SQL text',
      ours: measure(ITERATIONS, () => buildAbilityForRoles(roles, actor), (a) => dialect.sqlToQuery(caslToSql(a, 'read', 'Transaction', permTestColumns))),
      floorName: '(none)',
    },
  ];

  const ms = (n: number) => n.toFixed(4);
  console.log(`Permission benchmark: ${roles.length} roles x ${roles[0]?.rules.length} rules, ${ITERATIONS} iterations each, node ${process.version}\n`);
  console.table(
    rows.map((r) => ({
      measurement: r.name,
      'p50 ms': ms(r.ours.p50),
      'p95 ms': ms(r.ours.p95),
      floor: r.floorName,
      'floor p50 ms': r.floor ? ms(r.floor.p50) : '-',
      'floor p95 ms': r.floor ? ms(r.floor.p95) : '-',
      'ratio p50': r.floor ? (r.ours.p50 / r.floor.p50).toFixed(2) : '-',
    })),
  );
  for (const r of rows.filter((row) => row.goalMs !== undefined)) {
    const ok = r.ours.p50 < (r.goalMs ?? 0);
    console.log(`${ok ? 'PASS' : 'FAIL'}  ${r.name}: p50 ${ms(r.ours.p50)} ms (goal < ${r.goalMs} ms)`);
  }
}
