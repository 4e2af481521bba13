/**
 * Backtests a draft against stored transactions, one chunk per call (the page drives the
 * chunks and draws the progress bar): each transaction is re-scored with the rules in force
 * and with the draft on the same rebuilt input, so only the rule change explains a move.
 */
import 'server-only';
import { and, asc, count, eq, gt, gte, lte, or } from 'drizzle-orm';
import { riskRuleSets, transactions } from '@/db/schema';
import type { TDb } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import type { TActor } from '@/lib/auth/current-staff';
import { authorize } from '@/lib/authz/authorize';
import { AppError, validationError } from '@/lib/errors';
import { DEFAULT_RULE_SET } from '../default-rule-set';
import { evaluateRisk } from '../evaluate-risk';
import type { TRiskDecision } from '../types';
import { loadRuleSetFor } from './load-rule-set';
import { loadCustomerFacts, riskInputFromRow } from './risk-input-from-row';
import { ZBacktestInput } from './rule-set-input';
import { toRuleSet } from './rule-set-records';

export const BACKTEST_CHUNK = 100;
const EXAMPLES_PER_MOVE = 3;

export type TBacktestExample = {
  transactionId: string;
  externalId: string;
  amountMinor: string;
  currency: string;
  from: TRiskDecision;
  to: TRiskDecision;
  scoreFrom: number;
  scoreTo: number;
  factorCodes: string[];
};

export type TBacktestChunk = {
  total: number | null;
  evaluated: number;
  /** `${from}->${to}` → count, for this chunk. */
  moves: Record<string, number>;
  examples: TBacktestExample[];
  cursor: string | null;
  until: string;
  done: boolean;
};

function parseCursor(cursor: string | null): { at: Date; id: string } | null {
  if (!cursor) return null;
  const [at, id] = cursor.split('|');
  const date = new Date(at ?? '');
  if (Number.isNaN(date.getTime()) || !/^[0-9a-f-]{36}$/.test(id ?? '')) throw new AppError('BAD_REQUEST', 'Invalid backtest cursor');
  return { at: date, id: id! };
}

export async function backtestRiskRuleSet(db: TDb, actor: TActor, raw: unknown): Promise<TBacktestChunk> {
  await authorize(db, actor, 'update', 'RiskRuleSet');
  const parsed = ZBacktestInput.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const input = parsed.data;
  const draftRow = await loadRuleSetFor(db, db, actor, 'read', input.id);
  const draft = toRuleSet(draftRow);
  const [active] = await db.select().from(riskRuleSets).where(eq(riskRuleSets.status, 'active'));
  const inForce = active ? toRuleSet(active) : DEFAULT_RULE_SET;
  const until = input.until ? new Date(input.until) : new Date();
  const since = new Date(until.getTime() - input.days * 86_400_000);
  const window = and(gte(transactions.receivedAt, since), lte(transactions.receivedAt, until));
  const after = parseCursor(input.cursor);
  const rows = await db
    .select()
    .from(transactions)
    .where(and(window, after ? or(gt(transactions.receivedAt, after.at), and(eq(transactions.receivedAt, after.at), gt(transactions.id, after.id))) : undefined))
    .orderBy(asc(transactions.receivedAt), asc(transactions.id))
    .limit(BACKTEST_CHUNK);
  const total = after ? null : ((await db.select({ n: count() }).from(transactions).where(window))[0]?.n ?? 0);
  const facts = await loadCustomerFacts(db, rows.map((r) => r.customerId));
  const moves: Record<string, number> = {};
  // Counts are aggregate; examples name transactions, so only people who may read transactions see them.
  const showExamples = actor.ability.can('read', 'Transaction');
  const examples: TBacktestExample[] = [];
  for (const row of rows) {
    const riskInput = await riskInputFromRow(db, row, facts.get(row.customerId));
    const before = evaluateRisk(riskInput, inForce);
    const afterResult = evaluateRisk(riskInput, draft);
    const key = `${before.decision}->${afterResult.decision}`;
    moves[key] = (moves[key] ?? 0) + 1;
    if (showExamples && before.decision !== afterResult.decision && examples.filter((e) => `${e.from}->${e.to}` === key).length < EXAMPLES_PER_MOVE) {
      examples.push({
        transactionId: row.id, externalId: row.externalId, amountMinor: row.amountMinor.toString(), currency: row.currency,
        from: before.decision, to: afterResult.decision, scoreFrom: before.score, scoreTo: afterResult.score,
        factorCodes: afterResult.factors.map((f) => f.code).slice(0, 8),
      });
    }
  }
  const last = rows.at(-1);
  const done = rows.length < BACKTEST_CHUNK;
  if (!after) await recordBacktest(db, actor, draftRow.id, draftRow.version, input.days);
  return { total, evaluated: rows.length, moves, examples, cursor: last ? `${last.receivedAt.toISOString()}|${last.id}` : null, until: until.toISOString(), done };
}

/** Recorded once, at the first chunk (reading transactions in bulk is worth a trace). */
async function recordBacktest(db: TDb, actor: TActor, id: string, version: number, days: number) {
  await db.transaction((tx) =>
    appendAuditEvent(tx, {
      action: 'risk_rules.backtested',
      actor: { type: 'staff', id: actor.staff.id },
      target: { type: 'risk_rule_set', id },
      result: 'success',
      meta: { ...actor.meta, sessionId: actor.session.id },
      data: { version, days },
    }),
  );
}
