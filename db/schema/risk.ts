/**
 * Risk rule sets: versioned definitions of the risk engine's thresholds, weights and lists.
 * A draft is edited and backtested, submitted as a `risk-rules.update` approval request, and
 * becomes `active` only when that request executes (the old active one is `superseded`).
 * At most one active version (partial unique index); versions are never reused.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { staff } from './staff';
import { approvalRequests } from './approvals';

export const riskRuleSetStatus = pgEnum('risk_rule_set_status', ['draft', 'active', 'superseded']);

const ts = () => timestamp({ withTimezone: true, mode: 'date' });

export const riskRuleSets = pgTable(
  'risk_rule_sets',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Reported as `v<version>` on every scored transaction; v1 is the built-in default in code. */
    version: integer().notNull().unique(),
    status: riskRuleSetStatus().notNull().default('draft'),
    /** TRiskRuleSetDefinition (lib/risk/rule-set-schema.ts), validated before every write. */
    definition: jsonb().$type<Record<string, unknown>>().notNull(),
    /** The version this draft started from. */
    basedOnVersion: integer().notNull(),
    /** What the author says the change is for (PAN-guarded). */
    note: text().notNull().default(''),
    createdBy: uuid()
      .notNull()
      .references(() => staff.id),
    /** The pending/last approval request that would activate this draft. */
    approvalRequestId: uuid().references(() => approvalRequests.id),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
    activatedAt: ts(),
    supersededAt: ts(),
  },
  (t) => [
    check('risk_rule_sets_version_ck', sql`${t.version} >= 2`),
    check('risk_rule_sets_note_len_ck', sql`char_length(${t.note}) <= 1000`),
    check('risk_rule_sets_active_ck', sql`${t.status} <> 'active' or ${t.activatedAt} is not null`),
    uniqueIndex('risk_rule_sets_one_active_uq')
      .on(t.status)
      .where(sql`${t.status} = 'active'`),
    index('risk_rule_sets_status_idx').on(t.status, t.version),
  ],
);
