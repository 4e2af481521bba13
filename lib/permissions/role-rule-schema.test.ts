import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { parseRoleRules, ZRoleRule, ZRoleRules } from './role-rule-schema';

const ACTOR = '3f2b8c1e-6a4d-4e8f-9b1a-2c3d4e5f6a7b';

function issuesOf(input: unknown): string[] {
  const result = ZRoleRules.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

function refusal(rule: unknown): string {
  const issues = issuesOf([rule]);
  expect(issues, `expected ${JSON.stringify(rule)} to be refused`).not.toEqual([]);
  return issues.join('\n');
}

describe('ZRoleRule accepts', () => {
  it('every restricted operator on a field of the right type', () => {
    const rule = {
      action: ['release', 'decline'],
      subject: 'Transaction',
      conditions: {
        status: 'frozen',
        currency: { $eq: 'EUR' },
        riskLevel: { $ne: 'critical' },
        merchantCountry: { $in: ['FR', 'DE'] },
        merchantCategoryCode: { $nin: ['7995'] },
        amountMinor: { $gt: 0, $lte: 1_000_000 },
        riskScore: { $gte: 10, $lt: 90 },
        assigneeId: '${actor.id}',
        region: { $in: ['${actor.region}', 'EU'] },
      },
      reason: 'Four-eyes limit for compliance',
    };
    expect(ZRoleRule.parse(rule)).toEqual(rule);
  });

  it('a list placeholder as the whole value of $in', () => {
    const rule = { action: 'approve', subject: 'ApprovalRequest', conditions: { stepRoleKey: { $in: '${actor.roleKeys}' } } };
    expect(ZRoleRule.parse(rule)).toEqual(rule);
  });

  it('inverted rules and field lists, deduplicated', () => {
    const parsed = ZRoleRule.parse({ action: ['read', 'read'], subject: 'Staff', fields: ['id', 'name', 'id'], inverted: true });
    expect(parsed).toEqual({ action: ['read'], subject: 'Staff', fields: ['id', 'name'], inverted: true });
  });

  it('manage on all without conditions', () => {
    expect(ZRoleRule.parse({ action: 'manage', subject: 'all' })).toEqual({ action: 'manage', subject: 'all' });
  });

  it('values in canonical form: lower-case uuids and ISO dates in UTC', () => {
    const parsed = ZRoleRule.parse({
      action: 'read',
      subject: 'Transaction',
      conditions: { id: ACTOR.toUpperCase(), createdAt: { $gte: '2026-01-31', $lt: '2026-02-01T02:00:00+02:00' } },
    });
    expect(parsed.conditions).toEqual({ id: ACTOR, createdAt: { $gte: '2026-01-31T00:00:00.000Z', $lt: '2026-02-01T00:00:00.000Z' } });
  });
});

describe('ZRoleRule refuses, naming the path', () => {
  it.each([
    ['an unknown action', { action: 'fly', subject: 'Transaction' }, 'action: unknown action "fly"'],
    ['an unknown action in a list', { action: ['read', 'hack'], subject: 'Transaction' }, 'action.1: unknown action "hack"'],
    ['an action that does not apply to the subject', { action: 'release', subject: 'Role' }, 'action: "release" does not apply to Role'],
    ['an unknown subject', { action: 'read', subject: 'Bank' }, 'subject: unknown subject "Bank"'],
    ['an unknown rule key', { action: 'read', subject: 'Staff', priority: 1 }, 'Unrecognized key'],
    ['a non-boolean inverted', { action: 'read', subject: 'Staff', inverted: 'yes' }, 'inverted'],
    ['a reason over 200 characters', { action: 'read', subject: 'Staff', reason: 'x'.repeat(201) }, 'reason'],
    ['a field that is not on the subject', { action: 'read', subject: 'Staff', fields: ['passwordHash'] }, 'fields.0: unknown field "passwordHash" on Staff'],
    ['fields on all', { action: 'read', subject: 'all', fields: ['id'] }, 'fields.0: unknown field "id" on all'],
    ['conditions on all', { action: 'read', subject: 'all', conditions: { id: ACTOR } }, 'conditions: conditions need a concrete subject'],
    ['$where', { action: 'read', subject: 'Transaction', conditions: { $where: 'this.amountMinor > 0' } }, 'conditions.$where: operator "$where" is not allowed here'],
    ['$regex', { action: 'read', subject: 'Transaction', conditions: { currency: { $regex: '^E' } } }, 'conditions.currency.$regex: operator "$regex" is not allowed'],
    ['$elemMatch', { action: 'read', subject: 'Transaction', conditions: { status: { $elemMatch: { $eq: 'frozen' } } } }, 'conditions.status.$elemMatch: operator "$elemMatch" is not allowed'],
    ['$exists', { action: 'read', subject: 'Transaction', conditions: { region: { $exists: false } } }, 'operator "$exists" is not allowed'],
    ['top-level $or', { action: 'read', subject: 'Transaction', conditions: { $or: [{ status: 'frozen' }] } }, 'conditions.$or: operator "$or" is not allowed here'],
    ['an unknown field', { action: 'read', subject: 'Transaction', conditions: { pan: '4111' } }, 'conditions.pan: unknown field "pan" on Transaction'],
    ['a dotted path', { action: 'read', subject: 'Transaction', conditions: { 'merchant.country': 'FR' } }, 'unknown field "merchant.country"'],
    ['a field that is not filterable', { action: 'reveal', subject: 'CustomerPII', conditions: { email: 'a@b.c' } }, 'conditions.email: "email" cannot be used in conditions'],
    ['constructor as a field', { action: 'read', subject: 'Transaction', conditions: { constructor: 'x' } }, 'conditions.constructor: unknown field'],
    ['prototype as a field', { action: 'read', subject: 'Transaction', conditions: { prototype: 'x' } }, 'conditions.prototype: unknown field'],
    ['a nested object below the operator level', { action: 'read', subject: 'Transaction', conditions: { amountMinor: { $lte: { $gt: 1 } } } }, 'conditions.amountMinor.$lte: "amountMinor" needs a whole number, got a object'],
    ['an object as a shorthand value', { action: 'read', subject: 'Transaction', conditions: { status: { frozen: true } } }, 'conditions.status.frozen: operator "frozen" is not allowed'],
    ['an empty operator object', { action: 'read', subject: 'Transaction', conditions: { status: {} } }, 'conditions.status: needs at least one operator'],
    ['empty conditions', { action: 'read', subject: 'Transaction', conditions: {} }, 'conditions: is empty'],
    ['conditions that are not an object', { action: 'read', subject: 'Transaction', conditions: [{ status: 'frozen' }] }, 'conditions: must be an object'],
    ['a string where a number belongs', { action: 'read', subject: 'Transaction', conditions: { amountMinor: { $lte: '1000' } } }, 'needs a whole number, got "1000"'],
    ['a fraction for minor units', { action: 'read', subject: 'Transaction', conditions: { amountMinor: 10.5 } }, 'needs a whole number'],
    ['a value outside the enum', { action: 'read', subject: 'Transaction', conditions: { status: 'stolen' } }, 'needs one of pending, frozen'],
    ['a malformed currency', { action: 'read', subject: 'Transaction', conditions: { currency: 'euro' } }, 'needs a value shaped like ^[A-Z]{3}$'],
    ['a malformed uuid', { action: 'read', subject: 'Transaction', conditions: { id: 'not-a-uuid' } }, 'needs a uuid'],
    ['a date without a time zone', { action: 'read', subject: 'Transaction', conditions: { createdAt: { $gte: '2026-01-31T10:00:00' } } }, 'needs an ISO 8601 date-time'],
    ['a date with microseconds', { action: 'read', subject: 'Transaction', conditions: { createdAt: { $gte: '2026-01-31T10:00:00.000001Z' } } }, 'needs an ISO 8601 date-time'],
    ['an impossible calendar date', { action: 'read', subject: 'Transaction', conditions: { createdAt: { $lt: '2026-02-31T00:00:00Z' } } }, 'needs an ISO 8601 date-time'],
    ['null', { action: 'read', subject: 'Transaction', conditions: { region: null } }, 'got null'],
    ['an array as shorthand (use $in)', { action: 'read', subject: 'Transaction', conditions: { status: ['frozen'] } }, 'got a list'],
    ['an ordering operator on a string', { action: 'read', subject: 'Transaction', conditions: { currency: { $lt: 'M' } } }, '$lt does not apply to string fields'],
    ['$in on a boolean', { action: 'read', subject: 'Role', conditions: { builtIn: { $in: [true] } } }, '$in does not apply to boolean fields'],
    ['an empty $in', { action: 'read', subject: 'Transaction', conditions: { status: { $in: [] } } }, 'needs 1 to 50 values, got 0'],
    ['$in with 51 values', { action: 'read', subject: 'Transaction', conditions: { amountMinor: { $in: Array.from({ length: 51 }, (_, i) => i) } } }, 'needs 1 to 50 values, got 51'],
    ['a bad value inside $in', { action: 'read', subject: 'Transaction', conditions: { status: { $in: ['frozen', 7] } } }, 'conditions.status.$in.1:'],
    ['an unknown placeholder', { action: 'read', subject: 'Transaction', conditions: { assigneeId: '${actor.ID}' } }, 'unknown placeholder'],
    ['a placeholder on a field it does not fit', { action: 'read', subject: 'Transaction', conditions: { region: '${actor.id}' } }, '${actor.id} cannot be compared with "region"'],
    ['a list placeholder as a single value', { action: 'approve', subject: 'ApprovalRequest', conditions: { stepRoleKey: '${actor.roleKeys}' } }, 'is a list: use it as the whole value of $in or $nin'],
    ['more than 20 condition fields', { action: 'read', subject: 'Transaction', conditions: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`f${i}`, 1])) }, 'has 21 fields; at most 20'],
  ])('%s', (_name, rule, expected) => {
    expect(refusal(rule)).toContain(expected);
  });

  it('__proto__ smuggled in through JSON', () => {
    const rule: unknown = JSON.parse('{"action":"read","subject":"Transaction","conditions":{"__proto__":{"status":"frozen"}}}');
    expect(refusal(rule)).toContain('conditions.__proto__: unknown field "__proto__"');
  });

  it('a function as a value', () => {
    expect(refusal({ action: 'read', subject: 'Transaction', conditions: { status: () => true } })).toContain('got a function');
  });
});

describe('ZRoleRules limits', () => {
  const small = { action: 'read', subject: 'Transaction' };

  it('accepts 100 rules and refuses 101', () => {
    expect(issuesOf(Array.from({ length: 100 }, () => small))).toEqual([]);
    expect(issuesOf(Array.from({ length: 101 }, () => small)).join()).toContain('at most 100 rules');
  });

  it('refuses more than 32 KB of JSON', () => {
    const countries = Array.from({ length: 40 }, (_, i) => `${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))}`);
    const bulky = { ...small, reason: 'r'.repeat(200), conditions: { merchantCountry: { $in: countries } } };
    expect(issuesOf([bulky])).toEqual([]);
    expect(issuesOf(Array.from({ length: 99 }, () => bulky)).join()).toContain('at most 32768 are allowed');
  });

  it('refuses input that is not JSON', () => {
    expect(issuesOf([{ ...small, reason: 10n }]).join()).toContain('rules must be plain JSON');
  });

  it('refuses a rule list that is not an array', () => {
    expect(issuesOf({ 0: small })).not.toEqual([]);
  });
});

describe('parseRoleRules', () => {
  it('throws a 422 AppError listing every bad path', () => {
    let caught: unknown;
    try {
      parseRoleRules([{ action: 'read', subject: 'Transaction' }, { action: 'fly', subject: 'Transaction', conditions: { $where: 'x' } }]);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(AppError);
    const error = caught as AppError;
    expect(error.status).toBe(422);
    expect(error.details?.issues?.map((i) => i.path)).toEqual(['1.action', '1.conditions.$where']);
  });

  it('returns the canonical rules when valid', () => {
    expect(parseRoleRules([{ action: 'read', subject: 'Staff', conditions: { id: '${actor.id}' } }])).toEqual([
      { action: 'read', subject: 'Staff', conditions: { id: '${actor.id}' } },
    ]);
  });
});
