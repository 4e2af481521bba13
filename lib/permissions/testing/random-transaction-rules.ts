/**
 * Test support: seeded random Transaction rows and role rules drawn from small value domains,
 * so conditions match some rows and not others (property tests of casl-to-sql, benchmarks).
 */
import type { TRoleRule } from '@/db/schema';
import { OPERATORS_BY_TYPE, LIST_OPERATORS } from '../condition-operators';
import { SUBJECT_FIELDS, type TConditionField } from '../subject-fields';

export type TRandom = () => number;

/** mulberry32: a tiny deterministic PRNG, so a failing case can be replayed from its seed. */
export function seededRandom(seed: number): TRandom {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(random: TRandom, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

export const ACTOR_ID = '0a1b2c3d-0000-4000-8000-000000000001';
const OTHER_IDS = ['0a1b2c3d-0000-4000-8000-000000000002', '0a1b2c3d-0000-4000-8000-000000000003'];
export const ID_POOL = ['0a1b2c3d-0000-4000-8000-0000000000a1', '0a1b2c3d-0000-4000-8000-0000000000a2'];

type TField = TConditionField<'Transaction'>;

export const DOMAINS: Record<TField, readonly (string | number)[]> = {
  id: ID_POOL,
  amountMinor: [0, 50, 100, 999, 1000, 1001, 1_000_000, 5_000_000_000],
  currency: ['EUR', 'USD', 'GBP'],
  status: SUBJECT_FIELDS.Transaction.status.values,
  riskLevel: SUBJECT_FIELDS.Transaction.riskLevel.values,
  riskScore: [0, 25, 50, 75, 100],
  assigneeId: [ACTOR_ID, ...OTHER_IDS],
  merchantCountry: ['FR', 'DE', 'US', 'GB'],
  merchantCategoryCode: ['5411', '6011', '7995'],
  region: ['EU', 'UK', 'US'],
  createdAt: ['2026-01-01T00:00:00.000Z', '2026-02-15T08:30:00.000Z', '2026-03-01T12:00:00.123Z', '2026-04-30T23:59:59.999Z'],
};

const PLACEHOLDER: Partial<Record<TField, string>> = { assigneeId: '${actor.id}', region: '${actor.region}' };

function randomValue(random: TRandom, field: TField): string | number {
  const placeholder = PLACEHOLDER[field];
  return placeholder && random() < 0.3 ? placeholder : pick(random, DOMAINS[field]);
}

function randomCondition(random: TRandom, field: TField): unknown {
  const ops = OPERATORS_BY_TYPE[SUBJECT_FIELDS.Transaction[field].type];
  if (random() < 0.2) return randomValue(random, field);
  const op = pick(random, ops);
  if (!LIST_OPERATORS.includes(op)) return { [op]: randomValue(random, field) };
  const values = Array.from({ length: 1 + Math.floor(random() * 3) }, () => randomValue(random, field));
  return { [op]: [...new Set(values)] };
}

const FIELDS = Object.keys(DOMAINS) as TField[];
const ACTIONS: TRoleRule['action'][] = ['read', 'read', 'read', ['read', 'review'], 'manage', 'release'];

export function randomTransactionRule(random: TRandom): TRoleRule {
  const rule: TRoleRule = { action: pick(random, ACTIONS), subject: random() < 0.05 ? 'all' : 'Transaction' };
  if (rule.subject === 'Transaction' && random() < 0.75) {
    const count = 1 + Math.floor(random() * 3);
    const fields = [...new Set(Array.from({ length: count }, () => pick(random, FIELDS)))];
    rule.conditions = Object.fromEntries(fields.map((f) => [f, randomCondition(random, f)]));
  }
  if (random() < 0.3) rule.inverted = true;
  if (rule.subject === 'Transaction' && random() < 0.15) rule.fields = ['id', 'amountMinor'];
  return rule;
}

/** A Transaction-shaped row; nullable columns are null one time in five. */
export function randomTransactionRow(random: TRandom, index: number) {
  const maybe = <T>(value: T): T | null => (random() < 0.2 ? null : value);
  const amount = maybe(pick(random, DOMAINS.amountMinor) as number);
  return {
    id: index < ID_POOL.length ? (ID_POOL[index] as string) : `0a1b2c3d-0000-4000-9000-${index.toString(16).padStart(12, '0')}`,
    amountMinor: amount === null ? null : BigInt(amount),
    currency: pick(random, DOMAINS.currency) as string,
    status: pick(random, DOMAINS.status) as string,
    riskLevel: maybe(pick(random, DOMAINS.riskLevel) as string),
    riskScore: maybe(pick(random, DOMAINS.riskScore) as number),
    assigneeId: maybe(pick(random, DOMAINS.assigneeId) as string),
    merchantCountry: pick(random, DOMAINS.merchantCountry) as string,
    merchantCategoryCode: pick(random, DOMAINS.merchantCategoryCode) as string,
    region: maybe(pick(random, DOMAINS.region) as string),
    createdAt: new Date(pick(random, DOMAINS.createdAt) as string),
  };
}
