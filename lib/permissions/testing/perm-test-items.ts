/**
 * Test support: a Transaction-shaped table that exists only inside permission tests (created
 * by the test itself, never migrated), with nullable columns to exercise NULL semantics.
 */
import { sql } from 'drizzle-orm';
import { bigint, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { TColumnMap } from '../casl-to-sql';

export const permTestItems = pgTable('perm_test_items', {
  id: uuid().primaryKey(),
  amountMinor: bigint({ mode: 'bigint' }),
  currency: text().notNull(),
  status: text().notNull(),
  riskLevel: text(),
  riskScore: integer(),
  assigneeId: uuid(),
  merchantCountry: text().notNull(),
  merchantCategoryCode: text().notNull(),
  region: text(),
  createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
});

export const CREATE_PERM_TEST_ITEMS = sql`CREATE TABLE perm_test_items (
  id uuid PRIMARY KEY,
  amount_minor bigint,
  currency text NOT NULL,
  status text NOT NULL,
  risk_level text,
  risk_score integer,
  assignee_id uuid,
  merchant_country text NOT NULL,
  merchant_category_code text NOT NULL,
  region text,
  created_at timestamptz NOT NULL
)`;

export const permTestColumns: TColumnMap<'Transaction'> = {
  id: permTestItems.id,
  amountMinor: permTestItems.amountMinor,
  currency: permTestItems.currency,
  status: permTestItems.status,
  riskLevel: permTestItems.riskLevel,
  riskScore: permTestItems.riskScore,
  assigneeId: permTestItems.assigneeId,
  merchantCountry: permTestItems.merchantCountry,
  merchantCategoryCode: permTestItems.merchantCategoryCode,
  region: permTestItems.region,
  createdAt: permTestItems.createdAt,
};

export type TPermTestItem = typeof permTestItems.$inferSelect;
