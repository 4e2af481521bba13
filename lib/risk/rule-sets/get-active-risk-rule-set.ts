/**
 * The rule set ingest scores with: the active stored version, else the built-in v1. Cached in
 * process for a few seconds (ingest runs it per transaction); activation invalidates this
 * process's cache at once and other processes within the TTL.
 */
import 'server-only';
import { eq } from 'drizzle-orm';
import { riskRuleSets } from '@/db/schema';
import type { TDbOrTx } from '@/db/types';
import { DEFAULT_RULE_SET } from '../default-rule-set';
import type { TRiskRuleSet } from '../rule-set-schema';
import { toRuleSet } from './rule-set-records';

export const RULE_SET_CACHE_MS = 5_000;

let cached: { ruleSet: TRiskRuleSet; loadedAt: number } | null = null;

/** `fresh` skips the cache (rule management reads what is stored right now). */
export async function getActiveRiskRuleSet(db: TDbOrTx, opts: { fresh?: boolean } = {}): Promise<TRiskRuleSet> {
  const now = Date.now();
  if (!opts.fresh && cached && now - cached.loadedAt < RULE_SET_CACHE_MS) return cached.ruleSet;
  const [row] = await db.select().from(riskRuleSets).where(eq(riskRuleSets.status, 'active')).limit(1);
  const ruleSet = row ? toRuleSet(row) : DEFAULT_RULE_SET;
  if (!opts.fresh) cached = { ruleSet, loadedAt: now };
  return ruleSet;
}

export function invalidateRiskRuleSetCache(): void {
  cached = null;
}
