/** Matrix fixtures for risk rules: a draft (one changed weight, so it can be submitted) created by its owner. */
import { max } from 'drizzle-orm';
import { riskRuleSets } from '@/db/schema';
import type { TDb } from '@/db/types';
import { DEFAULT_RULE_SET } from '@/lib/risk/default-rule-set';

export async function riskDraft(db: TDb, createdBy: string): Promise<string> {
  const { version: _v, ...definition } = structuredClone(DEFAULT_RULE_SET);
  definition.weights['device.new'] += 1;
  const [{ top } = { top: null }] = await db.select({ top: max(riskRuleSets.version) }).from(riskRuleSets);
  const [row] = await db
    .insert(riskRuleSets)
    .values({ version: Math.max(top ?? 1, 1) + 1, status: 'draft', definition, basedOnVersion: 1, createdBy })
    .returning({ id: riskRuleSets.id });
  return row!.id;
}
