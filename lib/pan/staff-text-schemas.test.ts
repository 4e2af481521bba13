/**
 * Every staff free-text field refuses a card number (PCI DSS 3.3.1: what staff type lands in
 * approval requests and the append-only audit chain, where a PAN could never be removed).
 * The first part enumerates the staff-input schemas and proves each field refuses a grouped
 * card number and a NUL; the second scans the source so a new `reason`/`comment`/`note`/
 * `description` typed as a plain z.string() fails here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ZCancelInput } from '@/lib/approvals/cancel-approval-request';
import { ZCreateApprovalRequestInput } from '@/lib/approvals/create-approval-request';
import { ZDecideInput, ZDecisionRequestBody } from '@/lib/approvals/decide-approval-request';
import { ZSavePolicyInput } from '@/lib/approvals/save-approval-policy';
import { ZRoleRules } from '@/lib/permissions/role-rule-schema';
import { ZRequestServiceTokenInput } from '@/lib/service-tokens/request-service-token';
import { ZReviewNote } from '@/lib/review/decision-codes';
import { ZRevealInput } from '@/lib/review/reveal-customer-pii';
import { ZSubmitRuleSetInput, ZUpdateDraftInput } from '@/lib/risk/rule-sets/rule-set-input';
import { ZRequestPasskeyRecoveryInput } from '@/lib/staff/request-passkey-recovery';
import { ZRoleChangePayload } from '@/lib/approvals/action-types/role-privileged-change';
import { ZCreateRoleInput, ZRoleDescription } from '@/lib/roles/role-input';
import { ZAssignStaffRolesInput } from '@/lib/staff/assign-staff-roles';
import { CARD_NUMBER_MESSAGE } from './assert-no-card-numbers';

const GROUPED_PAN = 'customer disputes 4111 1111 1111 1111';
const FIELDS: [name: string, schema: z.ZodType][] = [
  ['approval request reason', ZCreateApprovalRequestInput.shape.reason],
  ['approval decision comment (use case)', ZDecideInput.shape.comment],
  ['approval decision comment (route body)', ZDecisionRequestBody.shape.comment],
  ['approval cancel comment', ZCancelInput.shape.comment],
  ['approval policy reason', ZSavePolicyInput.shape.reason],
  ['service-token request reason', ZRequestServiceTokenInput.shape.reason],
  ['review note', ZReviewNote],
  ['PII reveal reason', ZRevealInput.shape.reason],
  ['risk rule-set note', ZUpdateDraftInput.shape.note],
  ['risk rule-set reason', ZSubmitRuleSetInput.shape.reason],
  ['passkey recovery reason', ZRequestPasskeyRecoveryInput.shape.reason],
  ['role description', ZRoleDescription],
  ['role change reason', ZCreateRoleInput.shape.reason],
  ['role assignment reason', ZAssignStaffRolesInput.shape.reason],
  ['privileged role change description (approval payload)', ZRoleChangePayload.options[0].shape.description],
];

describe('staff free-text fields refuse card numbers', () => {
  it.each(FIELDS)('%s accepts ordinary text', (_name, schema) => {
    expect(schema.safeParse('customer called about the refund, card ending 1111').success).toBe(true);
  });

  it.each(FIELDS)('%s refuses a grouped card number with the tokenization message', (_name, schema) => {
    const r = schema.safeParse(GROUPED_PAN);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message).join()).toContain(CARD_NUMBER_MESSAGE);
    expect(JSON.stringify(r.error?.issues)).not.toContain('4111');
  });

  it.each(FIELDS)('%s refuses a NUL byte instead of failing at the INSERT', (_name, schema) => {
    const r = schema.safeParse('note\u0000x long enough');
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message).join()).toMatch(/Control characters/);
  });

  it('a role rule reason refuses a card number; a clean one is kept', () => {
    const bad = ZRoleRules.safeParse([{ action: 'read', subject: 'Staff', reason: GROUPED_PAN }]);
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.message).join()).toContain(CARD_NUMBER_MESSAGE);
    const good = ZRoleRules.safeParse([{ action: 'read', subject: 'Staff', reason: 'desk staff look people up' }]);
    expect(good.success).toBe(true);
  });
});

// Not staff input: the audit envelope (guarded by the backstop itself), the proof-bundle file
// format (decisions already stored), test fixtures.
const NOT_STAFF_INPUT = new Set(['lib/audit/append-audit-event.ts', 'lib/approvals/proof-bundle.ts', 'lib/approvals/testing/approval-fixtures.ts']);
const PLAIN_TEXT_FIELD = /\b(?:reason|comment|note|notes|description)\??\s*:\s*z\s*\.string\(\)/;
const ROOT = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

describe('no staff free-text field is a plain z.string()', () => {
  it('every reason/comment/note/description schema in lib/ and app/ uses ZPanSafeText', () => {
    const offenders = ['lib', 'app']
      .flatMap((d) => sourceFiles(path.join(ROOT, d)))
      .map((f) => path.relative(ROOT, f).split(path.sep).join('/'))
      .filter((f) => !NOT_STAFF_INPUT.has(f))
      .filter((f) => PLAIN_TEXT_FIELD.test(readFileSync(path.join(ROOT, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
