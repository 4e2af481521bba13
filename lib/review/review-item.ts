/**
 * The queue row DTO and how it is cut to what the actor may see: fields the permission
 * vocabulary lists for Transaction are blanked when a field rule withholds them.
 */
import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { staff, transactions } from '@/db/schema';
import type { TActor } from '@/lib/auth/current-staff';
import { permittedFields } from '@/lib/permissions/permitted-fields';
import type { TRiskLevel, TSlaMinutes } from './review-config';
import { slaOf, type TSla } from './sla';

export type TQueueItem = {
  id: string;
  reference: string;
  amountMinor: string;
  currency: string;
  merchantName: string;
  merchantCountry: string;
  cardBrand: string;
  cardLast4: string;
  riskScore: number;
  riskLevel: TRiskLevel;
  status: string;
  assignee: { id: string; name: string } | null;
  receivedAt: Date;
  version: number;
  sla: TSla;
};

export const assigneeStaff = alias(staff, 'assignee');

export const QUEUE_SELECT = {
  id: transactions.id,
  reference: transactions.externalId,
  amountMinor: transactions.amountMinor,
  currency: transactions.currency,
  merchantName: transactions.merchantName,
  merchantCountry: transactions.merchantCountry,
  merchantCategoryCode: transactions.merchantCategoryCode,
  cardBrand: transactions.cardBrand,
  cardLast4: transactions.cardLast4,
  riskScore: transactions.riskScore,
  riskLevel: transactions.riskLevel,
  status: transactions.status,
  assigneeId: transactions.assigneeId,
  assigneeName: assigneeStaff.name,
  region: transactions.region,
  customerId: transactions.customerId,
  receivedAt: transactions.receivedAt,
  version: transactions.version,
};

export const assigneeJoin = eq(assigneeStaff.id, transactions.assigneeId);


type TTxRow = typeof transactions.$inferSelect;
type TRow = Pick<TTxRow, 'id' | 'amountMinor' | 'currency' | 'merchantName' | 'merchantCountry' | 'merchantCategoryCode' | 'cardBrand' | 'cardLast4' | 'riskScore' | 'riskLevel' | 'status' | 'assigneeId' | 'region' | 'customerId' | 'receivedAt' | 'version'> & { reference: string; assigneeName: string | null };
type TRecordSource = Pick<TTxRow, 'id' | 'amountMinor' | 'currency' | 'status' | 'riskLevel' | 'riskScore' | 'assigneeId' | 'merchantCountry' | 'merchantCategoryCode' | 'region' | 'receivedAt'>;

/** The Transaction fields shown to reviewers that a field rule may withhold (masked, never dropped, so layouts hold). */
const MASKABLE = ['reference', 'merchantName', 'cardLast4'] as const;
export type TMaskableField = (typeof MASKABLE)[number];
export const MASKED = '•••';

/** The CASL record of a row (field names of the permission vocabulary). */
export function transactionRecord(row: TRecordSource) {
  return {
    id: row.id,
    amountMinor: row.amountMinor,
    currency: row.currency,
    status: row.status,
    riskLevel: row.riskLevel,
    riskScore: row.riskScore,
    assigneeId: row.assigneeId,
    merchantCountry: row.merchantCountry,
    merchantCategoryCode: row.merchantCategoryCode,
    region: row.region,
    createdAt: row.receivedAt,
  };
}

/**
 * Whether any read rule restricts fields (else every field is visible and the per-row check is
 * skipped). possibleRulesFor, not rulesFor: without a field, rulesFor leaves out field-only
 * denials, so `cannot read Transaction [merchantName]` alone would count as "no field rules".
 */
export function hasFieldRules(actor: Pick<TActor, 'ability'>): boolean {
  return actor.ability.possibleRulesFor('read', 'Transaction').some((r) => Boolean(r.fields));
}

/** Masks, on this record, the fields the actor's read field rules withhold. Shared by the queue and the detail page. */
export function transactionMasker(actor: Pick<TActor, 'ability'>, row: TRecordSource, fieldRules = hasFieldRules(actor)) {
  const visible = new Set<string>(fieldRules ? permittedFields(actor.ability, 'read', 'Transaction', [...MASKABLE], transactionRecord(row)) : MASKABLE);
  return (field: TMaskableField, value: string) => (visible.has(field) ? value : MASKED);
}

/**
 * Whether `field` is readable on every row the actor may read, so a filter on it answers
 * nothing the masked rows would hide. True when no rule denies the field specifically and
 * either an unconditional grant covers it or every grant of the row also grants the field.
 * Conservative: a conditional field grant that happens to cover every readable row still says no.
 */
export function readableWhereverRowIs(actor: Pick<TActor, 'ability'>, field: TMaskableField): boolean {
  const forField = actor.ability.rulesFor('read', 'Transaction', field);
  if (forField.some((r) => r.inverted && r.fields)) return false;
  if (forField.some((r) => !r.inverted && !r.conditions)) return true;
  return actor.ability.rulesFor('read', 'Transaction').every((r) => forField.includes(r));
}

export function toQueueItem(row: TRow, actor: Pick<TActor, 'ability'>, sla: TSlaMinutes, now: Date, fieldRules = true): TQueueItem {
  const mask = transactionMasker(actor, row, fieldRules);
  return {
    id: row.id,
    reference: mask('reference', row.reference),
    amountMinor: row.amountMinor.toString(),
    currency: row.currency,
    merchantName: mask('merchantName', row.merchantName),
    merchantCountry: row.merchantCountry,
    cardBrand: row.cardBrand,
    cardLast4: mask('cardLast4', row.cardLast4),
    riskScore: row.riskScore,
    riskLevel: row.riskLevel,
    status: row.status,
    assignee: row.assigneeId ? { id: row.assigneeId, name: row.assigneeName ?? 'Unknown' } : null,
    receivedAt: row.receivedAt,
    version: row.version,
    sla: slaOf({ receivedAt: row.receivedAt, riskLevel: row.riskLevel, status: row.status }, sla, now),
  };
}

export const countAll = sql<number>`count(*)::int`;
