'use server';
import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { runAction } from '@/lib/http/action-result';
import { backtestRiskRuleSet } from '@/lib/risk/rule-sets/backtest-risk-rule-set';
import { createRiskRuleSetDraft } from '@/lib/risk/rule-sets/create-risk-rule-set-draft';
import { submitRiskRuleSet } from '@/lib/risk/rule-sets/submit-risk-rule-set';
import { updateRiskRuleSetDraft } from '@/lib/risk/rule-sets/update-risk-rule-set-draft';

/** Input: { note? } (ZCreateDraftInput). Starts a draft from the rules in force. */
export async function createRiskDraftAction(input: unknown) {
  return runAction(async () => {
    const created = await createRiskRuleSetDraft(await getDb(), await getCurrentStaff(), input);
    revalidatePath('/risk');
    return created;
  });
}

/** Input: { id, updatedAt, definition, note } (ZUpdateDraftInput). */
export async function saveRiskDraftAction(input: unknown) {
  return runAction(async () => {
    const saved = await updateRiskRuleSetDraft(await getDb(), await getCurrentStaff(), input);
    revalidatePath('/risk', 'layout');
    return saved;
  });
}

/** Input: { id, days, cursor?, until? } (ZBacktestInput); one chunk per call. */
export async function backtestRiskDraftAction(input: unknown) {
  return runAction(async () => backtestRiskRuleSet(await getDb(), await getCurrentStaff(), input));
}

/** Input: { id, reason } (ZSubmitRuleSetInput): opens the risk-rules.update approval request. */
export async function submitRiskDraftAction(input: unknown) {
  return runAction(async () => {
    const submitted = await submitRiskRuleSet(await getDb(), await getCurrentStaff(), input);
    revalidatePath('/risk', 'layout');
    return submitted;
  });
}
