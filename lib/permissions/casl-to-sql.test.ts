import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import type { TRoleRule } from '@/db/schema';
import { createMongoAbility } from '@casl/ability';
import { buildAbility, buildAbilityForRoles, type TAppAbility } from './ability';
import { caslToSql } from './casl-to-sql';
import { conditionsMatcher } from './conditions-matcher';
import { permTestColumns, permTestItems } from './testing/perm-test-items';

const dialect = new PgDialect({ casing: 'snake_case' });
const actor = { id: randomUUID(), region: 'EU' };
const render = (clause: SQL) => {
  const { sql: text, params } = dialect.sqlToQuery(clause);
  return { sql: text, params };
};
const whereFor = (rules: TRoleRule[], action: 'read' | 'release' = 'read') => render(caslToSql(buildAbility(rules, actor), action, 'Transaction', permTestColumns));
const readWhere = (conditions: Record<string, unknown>) => whereFor([{ action: 'read', subject: 'Transaction', conditions }]);

describe('caslToSql', () => {
  it('returns false (no rows) for an empty ability', () => {
    expect(whereFor([])).toEqual({ sql: 'false', params: [] });
  });

  it('returns false when rules exist only for other actions or subjects', () => {
    expect(whereFor([{ action: 'release', subject: 'Transaction' }, { action: 'read', subject: 'Staff' }])).toEqual({ sql: 'false', params: [] });
  });

  it('returns true for a grant without conditions, also through manage and all', () => {
    expect(whereFor([{ action: 'read', subject: 'Transaction' }])).toEqual({ sql: 'true', params: [] });
    expect(whereFor([{ action: 'manage', subject: 'all' }])).toEqual({ sql: 'true', params: [] });
  });

  it('translates plain equality on a NOT NULL column without a guard', () => {
    expect(readWhere({ status: 'frozen' })).toEqual({ sql: '"perm_test_items"."status" = $1', params: ['frozen'] });
  });

  it('guards comparisons on nullable columns so they are never SQL NULL', () => {
    expect(readWhere({ region: { $eq: 'EU' } }).sql).toBe('("perm_test_items"."region" = $1 and "perm_test_items"."region" is not null)');
    expect(readWhere({ region: { $ne: 'EU' } }).sql).toBe('("perm_test_items"."region" <> $1 or "perm_test_items"."region" is null)');
  });

  it.each([
    ['$lt', '<'],
    ['$lte', '<='],
    ['$gt', '>'],
    ['$gte', '>='],
  ])('translates %s', (op, symbol) => {
    expect(readWhere({ amountMinor: { [op]: 1000 } })).toEqual({
      sql: `("perm_test_items"."amount_minor" ${symbol} $1 and "perm_test_items"."amount_minor" is not null)`,
      params: [1000],
    });
  });

  it('translates $in and $nin', () => {
    expect(readWhere({ currency: { $in: ['EUR', 'GBP'] } })).toEqual({ sql: '"perm_test_items"."currency" in ($1, $2)', params: ['EUR', 'GBP'] });
    expect(readWhere({ riskLevel: { $nin: ['critical'] } })).toEqual({
      sql: '("perm_test_items"."risk_level" not in ($1) or "perm_test_items"."risk_level" is null)',
      params: ['critical'],
    });
  });

  it('ANDs several conditions of one rule and ORs separate rules', () => {
    const { sql: text, params } = whereFor([
      { action: 'read', subject: 'Transaction', conditions: { status: 'frozen', currency: 'EUR' } },
      { action: 'read', subject: 'Transaction', conditions: { merchantCountry: 'FR' } },
    ]);
    expect(text).toBe('("perm_test_items"."merchant_country" = $1 or ("perm_test_items"."status" = $2 and "perm_test_items"."currency" = $3))');
    expect(params).toEqual(['FR', 'frozen', 'EUR']);
  });

  it('AND-NOTs inverted rules once, after the OR of the grants', () => {
    const { sql: text, params } = whereFor([
      { action: 'read', subject: 'Transaction', conditions: { status: 'frozen' } },
      { action: 'read', subject: 'Transaction', conditions: { merchantCountry: 'US' }, inverted: true },
      { action: 'read', subject: 'Transaction', conditions: { currency: 'EUR' } },
      { action: 'read', subject: 'Transaction', conditions: { merchantCategoryCode: '7995' }, inverted: true },
    ]);
    expect(text).toBe(
      '(("perm_test_items"."currency" = $1 or "perm_test_items"."status" = $2) and not (("perm_test_items"."merchant_category_code" = $3 or "perm_test_items"."merchant_country" = $4)))',
    );
    expect(params).toEqual(['EUR', 'frozen', '7995', 'US']);
  });

  it('follows CASL priority for abilities where a grant outranks a denial', () => {
    const raw = createMongoAbility<TAppAbility>(
      [
        { action: 'read', subject: 'Transaction', conditions: { currency: 'EUR' } },
        { action: 'read', subject: 'Transaction', conditions: { merchantCountry: 'US' }, inverted: true },
        { action: 'read', subject: 'Transaction', conditions: { status: 'frozen' } },
      ],
      { conditionsMatcher },
    );
    expect(render(caslToSql(raw, 'read', 'Transaction', permTestColumns)).sql).toBe(
      '("perm_test_items"."status" = $1 or ("perm_test_items"."currency" = $2 and not ("perm_test_items"."merchant_country" = $3)))',
    );
  });

  it('bounds an unconditional grant by the inverted rules', () => {
    const { sql: text, params } = whereFor([
      { action: 'read', subject: 'Transaction' },
      { action: 'read', subject: 'Transaction', conditions: { status: 'declined' }, inverted: true },
    ]);
    expect(text).toBe('not ("perm_test_items"."status" = $1)');
    expect(params).toEqual(['declined']);
  });

  it('returns false when an unconditional inverted rule denies everything', () => {
    expect(whereFor([{ action: 'read', subject: 'Transaction' }, { action: 'read', subject: 'Transaction', inverted: true }]).sql).toBe('false');
  });

  it('does not restrict rows for rules that only list fields', () => {
    expect(whereFor([{ action: 'read', subject: 'Transaction', fields: ['id', 'amountMinor'] }]).sql).toBe('true');
    const withFieldDenial = whereFor([
      { action: 'read', subject: 'Transaction' },
      { action: 'read', subject: 'Transaction', fields: ['cardLast4'], inverted: true },
    ]);
    expect(withFieldDenial.sql).toBe('true');
  });

  it('puts resolved placeholders into parameters, never into the SQL text', () => {
    const ability = buildAbilityForRoles(
      [{ key: 'officer', rules: [{ action: 'read', subject: 'Transaction', conditions: { assigneeId: '${actor.id}', region: { $in: ['${actor.region}'] } } }] }],
      actor,
    );
    const { sql: text, params } = render(caslToSql(ability, 'read', 'Transaction', permTestColumns));
    expect(params).toEqual([actor.id, 'EU']);
    expect(text).not.toContain(actor.id);
  });

  it('passes date conditions to the driver as timestamps', () => {
    const { params } = readWhere({ createdAt: { $gte: '2026-01-01T00:00:00.000Z' } });
    expect(params).toEqual(['2026-01-01T00:00:00.000Z']);
  });

  it('accepts SQL expressions as well as columns, treating them as nullable', () => {
    const ability = buildAbility([{ action: 'read', subject: 'Transaction', conditions: { status: 'frozen' } }], actor);
    const columns = { ...permTestColumns, status: sql`lower(${permTestItems.status})` };
    expect(render(caslToSql(ability, 'read', 'Transaction', columns)).sql).toBe(
      '(lower("perm_test_items"."status") = $1 and lower("perm_test_items"."status") is not null)',
    );
  });

  it('throws rather than guess when a condition names a field without a column', () => {
    const ability = buildAbility([{ action: 'read', subject: 'Transaction', conditions: { status: 'frozen' } }], actor);
    const { status: _status, ...withoutStatus } = permTestColumns;
    expect(() => caslToSql(ability, 'read', 'Transaction', withoutStatus as typeof permTestColumns)).toThrow(/no column for Transaction.status/);
  });
});
