import { randomUUID } from 'node:crypto';
import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications, outboxMessages } from '@/db/schema';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { alertOnRiskOutcome, RISK_ALERT_AUDIENCE, type TRiskAlertInput } from './alert-on-risk-outcome';
import { DEFAULT_RULE_SET } from './default-rule-set';

let t: TTestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.dispose());

const tx = (amountMinor: bigint, currency = 'EUR') => ({ id: randomUUID(), externalId: `ext-${randomUUID().slice(0, 8)}`, amountMinor, currency, merchantName: 'Acme Ltd' });
const result = (decision: 'allow' | 'review' | 'decline', level: string, score: number) => ({
  score, level, decision, factors: [{ code: 'travel.impossible' }], ruleSetVersion: 'v1',
});

async function alertsFor(id: string) {
  const notes = (await t.db.select().from(notifications).where(eq(notifications.audience, RISK_ALERT_AUDIENCE))).filter((n) => n.detail.transactionId === id);
  const outbox = await t.db.select().from(outboxMessages).where(like(outboxMessages.idempotencyKey, `risk-alert:${id}:%`));
  return { notes, outbox };
}

describe('alertOnRiskOutcome', () => {
  it.each<[string, TRiskAlertInput, string | null]>([
    ['declined high risk → critical alert', { transaction: tx(1_000n), result: result('decline', 'high', 100), ruleSet: DEFAULT_RULE_SET }, 'risk.declined_high_risk'],
    ['frozen at the high amount → warning', { transaction: tx(500_000n), result: result('review', 'medium', 40), ruleSet: DEFAULT_RULE_SET }, 'risk.frozen_high_value'],
    ['frozen small amount → nothing', { transaction: tx(499_999n), result: result('review', 'high', 70), ruleSet: DEFAULT_RULE_SET }, null],
    ['frozen large amount in an unlisted currency → nothing', { transaction: tx(10n ** 11n, 'XAF'), result: result('review', 'medium', 40), ruleSet: DEFAULT_RULE_SET }, null],
    ['allowed large amount → nothing', { transaction: tx(900_000n), result: result('allow', 'low', 10), ruleSet: DEFAULT_RULE_SET }, null],
  ])('%s', async (_label, input, kind) => {
    const out = await t.db.transaction((trx) => alertOnRiskOutcome(trx, input));
    expect(out.kind).toBe(kind);
    const { notes, outbox } = await alertsFor(input.transaction.id);
    expect(notes).toHaveLength(kind ? 1 : 0);
    expect(outbox).toHaveLength(kind ? 1 : 0);
    if (kind) {
      expect(notes[0]).toMatchObject({ kind, severity: kind === 'risk.declined_high_risk' ? 'critical' : 'warning' });
      expect(notes[0]!.title).toContain('Acme Ltd');
      expect(notes[0]!.detail).toMatchObject({ href: `/transactions/${input.transaction.id}`, factorCodes: ['travel.impossible'] });
      expect(outbox[0]).toMatchObject({ topic: `notification.${kind}` });
    }
  });

  it('enqueues the outbox message once even when called twice', async () => {
    const input = { transaction: tx(1n), result: result('decline', 'high', 100), ruleSet: DEFAULT_RULE_SET };
    await t.db.transaction((trx) => alertOnRiskOutcome(trx, input));
    await t.db.transaction((trx) => alertOnRiskOutcome(trx, input));
    expect((await alertsFor(input.transaction.id)).outbox).toHaveLength(1);
  });

  it('nothing is stored when the caller’s transaction rolls back', async () => {
    const input = { transaction: tx(1n), result: result('decline', 'high', 100), ruleSet: DEFAULT_RULE_SET };
    await expect(
      t.db.transaction(async (trx) => {
        await alertOnRiskOutcome(trx, input);
        throw new Error('ingest failed later');
      }),
    ).rejects.toThrow('ingest failed later');
    expect(await alertsFor(input.transaction.id)).toEqual({ notes: [], outbox: [] });
  });
});
