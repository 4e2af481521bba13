/**
 * Benchmark fixture: five roles of fifty valid rules each, spread over every subject, nearly
 * all conditional, a fifth inverted (always with conditions: an unconditional denial or grant
 * would short-circuit evaluation and flatter the figures), placeholders where fields accept them.
 */
import type { TRoleRule } from '@/db/schema';
import { OPERATORS_BY_TYPE } from '@/lib/permissions/condition-operators';
import { parseRoleRules } from '@/lib/permissions/role-rule-schema';
import { SUBJECT_ACTIONS } from '@/lib/permissions/subject-actions';
import { SUBJECT_FIELDS, type TFieldSpec } from '@/lib/permissions/subject-fields';
import { randomTransactionRule, pick, seededRandom, type TRandom } from '@/lib/permissions/testing/random-transaction-rules';
import { CONCRETE_SUBJECT_NAMES, type TConcreteSubject } from '@/lib/permissions/vocabulary';

const STRINGS = ['EUR', 'FR', '5411', 'risk-rules.update', 'EU'];

function valueFor(random: TRandom, spec: TFieldSpec): string | number | boolean {
  if (spec.placeholder && spec.placeholder !== '${actor.roleKeys}' && random() < 0.5) return spec.placeholder;
  switch (spec.type) {
    case 'enum':
      return pick(random, spec.values ?? []);
    case 'number':
      return Math.floor(random() * 1_000_000);
    case 'boolean':
      return random() < 0.5;
    case 'uuid':
      return '0a1b2c3d-0000-4000-8000-00000000000' + Math.floor(random() * 9);
    case 'date':
      return new Date(Date.UTC(2026, Math.floor(random() * 12), 1)).toISOString();
    case 'string':
      return STRINGS.find((s) => !spec.pattern || spec.pattern.test(s)) ?? 'EU';
  }
}

function conditionsFor(random: TRandom, subject: TConcreteSubject): Record<string, unknown> | undefined {
  const fields = Object.entries(SUBJECT_FIELDS[subject] as Record<string, TFieldSpec>).filter(([, s]) => s.filterable);
  if (fields.length === 0 || random() < 0.05) return undefined;
  const chosen = [...new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(random, fields)))];
  return Object.fromEntries(
    chosen.map(([name, spec]) => {
      if (spec.placeholder === '${actor.roleKeys}') return [name, { $in: spec.placeholder }];
      const op = pick(random, OPERATORS_BY_TYPE[spec.type]);
      const value = valueFor(random, spec);
      return [name, op === '$in' || op === '$nin' ? { [op]: [value] } : { [op]: value }];
    }),
  );
}

function randomRule(random: TRandom): TRoleRule {
  if (random() < 0.3) {
    const rule = randomTransactionRule(random);
    if (rule.conditions) return rule;
  }
  const subject = pick(random, CONCRETE_SUBJECT_NAMES);
  const rule: TRoleRule = { action: pick(random, ['manage', ...SUBJECT_ACTIONS[subject]]), subject };
  const conditions = conditionsFor(random, subject);
  if (conditions) rule.conditions = conditions;
  if (conditions && random() < 0.2) rule.inverted = true;
  return rule;
}

export function benchmarkRoles(roleCount = 5, rulesPerRole = 50): { key: string; rules: TRoleRule[] }[] {
  const random = seededRandom(7);
  return Array.from({ length: roleCount }, (_, i) => ({
    key: `bench-role-${i + 1}`,
    rules: parseRoleRules(Array.from({ length: rulesPerRole }, () => randomRule(random))),
  }));
}
