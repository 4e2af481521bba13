/**
 * Property test: for a few hundred random rule sets, the rows the SQL filter returns from a
 * real database are exactly the rows `ability.can()` allows (PGlite, or Postgres when
 * DATABASE_URL is set).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { buildAbilityForRoles } from './ability';
import { asSubject } from './as-subject';
import { caslToSql } from './casl-to-sql';
import { parseRoleRules } from './role-rule-schema';
import { CREATE_PERM_TEST_ITEMS, permTestColumns, permTestItems, type TPermTestItem } from './testing/perm-test-items';
import { ACTOR_ID, randomTransactionRow, randomTransactionRule, seededRandom } from './testing/random-transaction-rules';

const ROWS = 300;
const CASES = 250;

let handle: TTestDb;
let rows: TPermTestItem[];

beforeAll(async () => {
  handle = await createTestDb();
  await handle.db.execute(CREATE_PERM_TEST_ITEMS);
  const random = seededRandom(20261101);
  await handle.db.insert(permTestItems).values(Array.from({ length: ROWS }, (_, i) => randomTransactionRow(random, i)));
  rows = await handle.db.select().from(permTestItems);
});

afterAll(async () => {
  await handle?.dispose();
});

describe('caslToSql against a real table', () => {
  it(`returns exactly the rows ability.can() allows, for ${CASES} random rule sets`, async () => {
    let partial = 0;
    for (let seed = 1; seed <= CASES; seed++) {
      const random = seededRandom(seed);
      const rules = parseRoleRules(Array.from({ length: 1 + Math.floor(random() * 6) }, () => randomTransactionRule(random)));
      const split = Math.floor(random() * (rules.length + 1));
      const ability = buildAbilityForRoles(
        [
          { key: 'role-a', rules: rules.slice(0, split) },
          { key: 'role-b', rules: rules.slice(split) },
        ],
        { id: ACTOR_ID, region: random() < 0.2 ? null : 'EU' },
      );
      const where = caslToSql(ability, 'read', 'Transaction', permTestColumns);
      const fromSql = (await handle.db.select({ id: permTestItems.id }).from(permTestItems).where(where)).map((r) => r.id).sort();
      const fromCasl = rows.filter((r) => ability.can('read', asSubject('Transaction', r))).map((r) => r.id).sort();
      expect(fromSql, `seed ${seed}: ${JSON.stringify(rules)}`).toEqual(fromCasl);
      if (fromCasl.length > 0 && fromCasl.length < rows.length) partial++;
    }
    // The generator must produce selective rule sets, or the property above proves little.
    expect(partial).toBeGreaterThan(CASES / 3);
  });

  it('returns no rows for an ability without rules', async () => {
    const ability = buildAbilityForRoles([], { id: ACTOR_ID });
    const found = await handle.db.select().from(permTestItems).where(caslToSql(ability, 'read', 'Transaction', permTestColumns));
    expect(found).toEqual([]);
  });

  it('returns the rows assigned to the actor through ${actor.id}', async () => {
    const ability = buildAbilityForRoles([{ key: 'officer', rules: [{ action: 'read', subject: 'Transaction', conditions: { assigneeId: '${actor.id}' } }] }], { id: ACTOR_ID });
    const found = await handle.db.select().from(permTestItems).where(caslToSql(ability, 'read', 'Transaction', permTestColumns));
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((r) => r.assigneeId === ACTOR_ID)).toBe(true);
    expect(found.length).toBe(rows.filter((r) => r.assigneeId === ACTOR_ID).length);
  });
});
