/** Cross-cutting tables: administrator notifications, CSP violation reports, settings. */
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const notifications = pgTable(
  'notifications',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Who should see it: a role key (e.g. `administrator`). */
    audience: text().notNull(),
    kind: text().notNull(),
    severity: text({ enum: ['info', 'warning', 'critical'] }).notNull(),
    title: text().notNull(),
    detail: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('notifications_audience_idx').on(t.audience, t.createdAt)],
);

/** CSP violations aggregated per (directive, blocked URI, document path). */
export const cspReports = pgTable('csp_reports', {
  id: uuid().primaryKey().defaultRandom(),
  fingerprint: text().notNull().unique(),
  documentUri: text().notNull(),
  effectiveDirective: text().notNull(),
  blockedUri: text().notNull(),
  sourceFile: text(),
  lineNumber: integer(),
  disposition: text().notNull(),
  count: integer().notNull().default(1),
  firstSeenAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  lastSeenAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export const settings = pgTable('settings', {
  key: text().primaryKey(),
  value: jsonb().$type<unknown>().notNull(),
  updatedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
