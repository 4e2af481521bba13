/**
 * Validation of role rules before they are saved: vocabulary names only, the restricted
 * condition language, subject fields only, and size limits that keep a role cheap to build
 * into an ability on every request. Output is canonical (deduplicated, normalised values).
 * Shared by the server (422 on failure) and the role editor form.
 */
import { z } from '@/lib/zod-setup';
import type { TRoleRule } from '@/db/schema';
import { validationError } from '@/lib/errors';
import { ZPanSafeText } from '@/lib/pan';
import { checkConditions } from './check-conditions';
import { actionAppliesTo } from './subject-actions';
import { fieldNamesOf } from './subject-fields';
import { ACTION_NAMES, isAction, isSubject, SUBJECT_NAMES, type TAction } from './vocabulary';

export const ROLE_RULE_LIMITS = { maxRules: 100, maxJsonBytes: 32 * 1024, maxReason: 200, maxFields: 50 } as const;

const ZRawRule = z.strictObject({
  action: z.union([z.string(), z.array(z.string()).min(1).max(ACTION_NAMES.length)]),
  subject: z.string(),
  conditions: z.unknown().optional(),
  fields: z.array(z.string()).min(1).max(ROLE_RULE_LIMITS.maxFields).optional(),
  inverted: z.boolean().optional(),
  reason: ZPanSafeText(ROLE_RULE_LIMITS.maxReason, { min: 0, label: 'rule reason' }).optional(),
});

export const ZRoleRule = ZRawRule.transform((raw, ctx): TRoleRule => {
  const report = (path: (string | number)[], message: string) => ctx.issues.push({ code: 'custom', path, message, input: raw });
  const subject = raw.subject;
  if (!isSubject(subject)) {
    report(['subject'], `unknown subject "${subject}" (known: ${SUBJECT_NAMES.join(', ')})`);
    return z.NEVER;
  }
  const actions: TAction[] = [];
  for (const [i, action] of (Array.isArray(raw.action) ? raw.action : [raw.action]).entries()) {
    const path = Array.isArray(raw.action) ? ['action', i] : ['action'];
    if (!isAction(action)) report(path, `unknown action "${action}" (known: ${ACTION_NAMES.join(', ')})`);
    else if (!actionAppliesTo(action, subject)) report(path, `"${action}" does not apply to ${subject}`);
    else if (!actions.includes(action)) actions.push(action);
  }
  const rule: TRoleRule = { action: Array.isArray(raw.action) ? actions : raw.action, subject };
  if (raw.conditions !== undefined) rule.conditions = checkConditions(subject, raw.conditions, report);
  if (raw.fields) {
    const known = subject === 'all' ? [] : fieldNamesOf(subject);
    raw.fields.forEach((f, i) => {
      if (!known.includes(f)) report(['fields', i], `unknown field "${f}" on ${subject}${known.length ? ` (fields: ${known.join(', ')})` : ''}`);
    });
    rule.fields = [...new Set(raw.fields)];
  }
  if (raw.inverted) rule.inverted = true;
  if (raw.reason) rule.reason = raw.reason;
  return rule;
});

function jsonSize(value: unknown): number | undefined {
  try {
    return new TextEncoder().encode(JSON.stringify(value) ?? '').length;
  } catch {
    return undefined; // cycles or BigInts: not JSON, refused below
  }
}

export const ZRoleRules = z
  .unknown()
  .check((ctx) => {
    const size = jsonSize(ctx.value);
    if (size === undefined) ctx.issues.push({ code: 'custom', message: 'rules must be plain JSON', input: ctx.value });
    else if (size > ROLE_RULE_LIMITS.maxJsonBytes) {
      ctx.issues.push({ code: 'custom', message: `rules take ${size} bytes of JSON; at most ${ROLE_RULE_LIMITS.maxJsonBytes} are allowed`, input: ctx.value });
    }
  })
  .pipe(z.array(ZRoleRule).max(ROLE_RULE_LIMITS.maxRules, `a role holds at most ${ROLE_RULE_LIMITS.maxRules} rules`));

export type TValidRoleRules = z.output<typeof ZRoleRules>;

/** Parses a role's rules or throws a VALIDATION AppError (422) naming each bad path. */
export function parseRoleRules(input: unknown): TRoleRule[] {
  const result = ZRoleRules.safeParse(input);
  if (!result.success) throw validationError(result.error.issues);
  return result.data;
}
