/** Staff members, roles and their assignment. Roles carry CASL rules (shaped by the roles issue). */
import { sql } from 'drizzle-orm';
import { boolean, jsonb, uniqueIndex, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const staff = pgTable(
  'staff',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    email: text().notNull(),
    status: text({ enum: ['active', 'disabled'] }).notNull().default('active'),
    region: text(),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    disabledAt: timestamp({ withTimezone: true, mode: 'date' }),
  },
  (t) => [uniqueIndex('staff_email_lower_uq').on(sql`lower(${t.email})`)],
);

export type TRoleRule = {
  action: string | string[];
  subject: string;
  conditions?: Record<string, unknown>;
  fields?: string[];
  inverted?: boolean;
  reason?: string;
};

export const roles = pgTable('roles', {
  id: uuid().primaryKey().defaultRandom(),
  key: text().notNull().unique(),
  name: text().notNull(),
  description: text().notNull().default(''),
  builtIn: boolean().notNull().default(false),
  rules: jsonb().$type<TRoleRule[]>().notNull().default([]),
  createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export const staffRoles = pgTable(
  'staff_roles',
  {
    staffId: uuid().notNull().references(() => staff.id, { onDelete: 'cascade' }),
    roleId: uuid().notNull().references(() => roles.id, { onDelete: 'restrict' }),
    grantedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.roleId] })],
);
