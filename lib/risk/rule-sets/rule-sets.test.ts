import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { approvalRequests, auditEvents, customers, riskRuleSets, transactions } from '@/db/schema';
import { createSigner, decide, type TSigner } from '@/lib/approvals/testing/approval-fixtures';
import { AppError } from '@/lib/errors';
import { auditCount } from '@/lib/roles/role-test-helpers';
import { withFirstAdminDb } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { DEFAULT_RULE_SET } from '../default-rule-set';
import { backtestRiskRuleSet } from './backtest-risk-rule-set';
import { createRiskRuleSetDraft } from './create-risk-rule-set-draft';
import { getActiveRiskRuleSet, invalidateRiskRuleSetCache } from './get-active-risk-rule-set';
import { getRiskRuleSet } from './get-risk-rule-set';
import { listRiskRuleSets } from './list-risk-rule-sets';
import { submitRiskRuleSet } from './submit-risk-rule-set';
import { updateRiskRuleSetDraft } from './update-risk-rule-set-draft';

let t: TTestDb;
withFirstAdminDb((ctx) => ({ t } = ctx));
let analyst: TSigner, officer: TSigner, auditor: TSigner;

beforeAll(async () => {
  analyst = await createSigner(t.db, ['risk-analyst'], 'Ria Analyst');
  officer = await createSigner(t.db, ['compliance-officer'], 'Cora Compliance');
  auditor = await createSigner(t.db, ['auditor'], 'Aldo Auditor');
});

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  return 'OK';
}

async function newDraftWith(change: (d: typeof DEFAULT_RULE_SET) => void) {
  const actor = await analyst.actor();
  const { id } = await createRiskRuleSetDraft(t.db, actor, { note: 'tighten' });
  const detail = await getRiskRuleSet(t.db, actor, id);
  const definition = structuredClone({ ...detail.ruleSet.definition, version: 'x' });
  change(definition);
  const { version: _v, ...clean } = definition;
  const saved = await updateRiskRuleSetDraft(t.db, actor, { id, updatedAt: detail.ruleSet.updatedAt, definition: clean, note: 'tighten' });
  return { id, version: detail.ruleSet.version, saved };
}

describe('risk rule sets', () => {
  it('uses built-in v1 until a version is approved', async () => {
    invalidateRiskRuleSetCache();
    expect((await getActiveRiskRuleSet(t.db)).version).toBe('v1');
    const list = await listRiskRuleSets(t.db, await officer.actor());
    expect(list.inForce).toMatchObject({ label: 'v1', status: 'built-in' });
  });

  it('draft → edit → submit → approve activates it, supersedes nothing the first time, and ingest sees it', async () => {
    const { id, version, saved } = await newDraftWith((d) => {
      d.thresholds.medium = 25;
      d.block.countries.push('RU');
    });
    expect(version).toBe(2);
    expect(saved.changes).toEqual(['thresholds.medium: 30 → 25', 'Blocked countries: + RU']);
    const { approvalRequestId } = await submitRiskRuleSet(t.db, await analyst.actor(), { id, reason: 'Sanctions update' });
    const [req] = await t.db.select().from(approvalRequests).where(eq(approvalRequests.id, approvalRequestId));
    expect(req?.summary).toContain('Activate risk rule set v2 (replacing v1');
    expect(req?.summary).toContain('Blocked countries: + RU');
    // Frozen while waiting: approvers sign exactly what they saw.
    const detail = await getRiskRuleSet(t.db, await analyst.actor(), id);
    expect(await code(updateRiskRuleSetDraft(t.db, await analyst.actor(), { id, updatedAt: detail.ruleSet.updatedAt, definition: detail.ruleSet.definition, note: 'x' }))).toBe('CONFLICT');
    expect((await getActiveRiskRuleSet(t.db, { fresh: true })).version).toBe('v1');
    expect(await decide(t.db, officer, req!, 0)).toMatchObject({ status: 'executed', executed: true });
    const active = await getActiveRiskRuleSet(t.db);
    expect(active.version).toBe('v2');
    expect(active.block.countries).toContain('RU');
    expect(await auditCount(t.db, 'risk_rules.activated')).toBe(1);
  });

  it('a second approved version supersedes the first', async () => {
    const { id } = await newDraftWith((d) => (d.weights['device.new'] = 15));
    const { approvalRequestId } = await submitRiskRuleSet(t.db, await analyst.actor(), { id, reason: 'Device fraud wave' });
    const [req] = await t.db.select().from(approvalRequests).where(eq(approvalRequests.id, approvalRequestId));
    await decide(t.db, officer, req!, 0);
    const rows = await t.db.select({ version: riskRuleSets.version, status: riskRuleSets.status }).from(riskRuleSets).orderBy(riskRuleSets.version);
    expect(rows).toEqual([
      { version: 2, status: 'superseded' },
      { version: 3, status: 'active' },
    ]);
    expect((await getActiveRiskRuleSet(t.db)).weights['device.new']).toBe(15);
  });

  it('refuses an approval whose draft was based on a version no longer in force', async () => {
    const a = await newDraftWith((d) => (d.thresholds.high = 55));
    const b = await newDraftWith((d) => (d.thresholds.high = 65));
    const ra = await submitRiskRuleSet(t.db, await analyst.actor(), { id: a.id, reason: 'Change A' });
    const rb = await submitRiskRuleSet(t.db, await analyst.actor(), { id: b.id, reason: 'Change B' });
    const [reqA] = await t.db.select().from(approvalRequests).where(eq(approvalRequests.id, ra.approvalRequestId));
    const [reqB] = await t.db.select().from(approvalRequests).where(eq(approvalRequests.id, rb.approvalRequestId));
    expect(await decide(t.db, officer, reqA!, 0)).toMatchObject({ status: 'executed' });
    const second = await decide(t.db, officer, reqB!, 0);
    expect(second).toMatchObject({ status: 'failed' });
    expect((await getActiveRiskRuleSet(t.db, { fresh: true })).thresholds.high).toBe(55);
  });

  it('refuses card numbers and invalid definitions in a draft, changing nothing', async () => {
    const actor = await analyst.actor();
    const { id } = await createRiskRuleSetDraft(t.db, actor, {});
    const detail = await getRiskRuleSet(t.db, actor, id);
    const pan = structuredClone(detail.ruleSet.definition);
    pan.block.deviceFingerprints.push('4111111111111111');
    expect(await code(updateRiskRuleSetDraft(t.db, actor, { id, updatedAt: detail.ruleSet.updatedAt, definition: pan, note: '' }))).toBe('VALIDATION');
    const bad = structuredClone(detail.ruleSet.definition);
    bad.thresholds.medium = 99;
    expect(await code(updateRiskRuleSetDraft(t.db, actor, { id, updatedAt: detail.ruleSet.updatedAt, definition: bad, note: '' }))).toBe('VALIDATION');
    const stale = { id, updatedAt: new Date(0).toISOString(), definition: detail.ruleSet.definition, note: '' };
    expect(await code(updateRiskRuleSetDraft(t.db, actor, stale))).toBe('CONFLICT');
    const [row] = await t.db.select().from(riskRuleSets).where(eq(riskRuleSets.id, id));
    expect(row?.updatedAt.toISOString()).toBe(detail.ruleSet.updatedAt);
    expect(await code(submitRiskRuleSet(t.db, actor, { id, reason: 'no change' }))).toBe('VALIDATION');
  });

  it('only holders of RiskRuleSet update/request may draft, edit, backtest or submit (refused and audited)', async () => {
    const { id } = await createRiskRuleSetDraft(t.db, await analyst.actor(), {});
    const before = await t.db.select().from(riskRuleSets);
    const denied = await auditCount(t.db, 'authz.denied');
    for (const who of [officer, auditor]) {
      const actor = await who.actor();
      expect(await code(createRiskRuleSetDraft(t.db, actor, {}))).toBe('FORBIDDEN');
      expect(await code(submitRiskRuleSet(t.db, actor, { id, reason: 'sneaky' }))).toBe('FORBIDDEN');
      expect(await code(backtestRiskRuleSet(t.db, actor, { id, days: 7 }))).toBe('FORBIDDEN');
    }
    expect(await code(listRiskRuleSets(t.db, await auditor.actor()))).toBe('FORBIDDEN');
    expect(await t.db.select().from(riskRuleSets)).toEqual(before);
    expect(await auditCount(t.db, 'authz.denied')).toBeGreaterThanOrEqual(denied + 7);
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'risk_rules.submitted'));
    expect(events.every((e) => e.actorId === analyst.staffId)).toBe(true);
  });

  it('backtests over an empty window in one chunk', async () => {
    const { id } = await createRiskRuleSetDraft(t.db, await analyst.actor(), {});
    const chunk = await backtestRiskRuleSet(t.db, await analyst.actor(), { id, days: 7 });
    expect(chunk).toMatchObject({ total: 0, evaluated: 0, done: true, moves: {} });
  });

  it('backtests stored transactions: counts moves between decisions and shows examples', async () => {
    const customerId = randomUUID();
    await t.db.insert(customers).values({ id: customerId, externalRef: `bt-${customerId}` });
    const base = {
      customerId, amountMinor: 2_500n, currency: 'EUR', merchantName: 'Boulangerie', merchantCategoryCode: '5462', merchantCountry: 'FR',
      paymentToken: 'tok_backtest', cardBin: '411111', cardLast4: '1111', cardBrand: 'visa', cardExpiryMonth: 12, cardExpiryYear: 2030,
      channel: 'pos' as const, geoCountry: 'FR', riskScore: 0, riskLevel: 'low' as const, decision: 'allow' as const, ruleSetVersion: 'v1', status: 'released' as const,
    };
    const now = Date.now();
    await t.db.insert(transactions).values(
      [1, 2, 3].map((h) => ({ ...base, externalId: `bt-${randomUUID()}`, occurredAt: new Date(now - h * 3_600_000), receivedAt: new Date(now - h * 3_600_000) })),
    );
    const { id } = await newDraftWith((d) => d.block.countries.push('FR'));
    const chunk = await backtestRiskRuleSet(t.db, await analyst.actor(), { id, days: 1 });
    expect(chunk).toMatchObject({ total: 3, evaluated: 3, done: true, moves: { 'allow->decline': 3 } });
    expect(chunk.examples).toHaveLength(3);
    expect(chunk.examples[0]).toMatchObject({ from: 'allow', to: 'decline', scoreTo: 100, factorCodes: ['block.country'] });
    expect(await auditCount(t.db, 'risk_rules.backtested')).toBeGreaterThanOrEqual(1);
  });
});
