/**
 * SLA arithmetic for frozen items (pure): due = received + the level's minutes. Only open
 * items (waiting or being reviewed) have an SLA; decided ones are `none`.
 */
import type { TRiskLevel, TSlaMinutes } from './review-config';

export const SLA_STATES = ['overdue', 'due_soon', 'on_time'] as const;
export type TSlaState = (typeof SLA_STATES)[number] | 'none';
/** Within this many minutes of the deadline an item is "due soon". */
export const DUE_SOON_MINUTES = 15;
export const SLA_STATUSES = ['frozen', 'in_review'] as const;

export function slaDueAt(receivedAt: Date, level: TRiskLevel, minutes: TSlaMinutes): Date {
  return new Date(receivedAt.getTime() + minutes[level] * 60_000);
}

export type TSla = { state: TSlaState; dueAt: Date | null; minutesLeft: number | null };

export function slaOf(item: { receivedAt: Date; riskLevel: TRiskLevel; status: string }, minutes: TSlaMinutes, now: Date): TSla {
  if (!(SLA_STATUSES as readonly string[]).includes(item.status)) return { state: 'none', dueAt: null, minutesLeft: null };
  const dueAt = slaDueAt(item.receivedAt, item.riskLevel, minutes);
  const minutesLeft = Math.floor((dueAt.getTime() - now.getTime()) / 60_000);
  const state = dueAt.getTime() <= now.getTime() ? 'overdue' : minutesLeft < DUE_SOON_MINUTES ? 'due_soon' : 'on_time';
  return { state, dueAt, minutesLeft };
}

function span(totalMinutes: number): string {
  const m = Math.abs(totalMinutes);
  if (m < 60) return `${m} min`;
  if (m < 48 * 60) return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
  return `${Math.floor(m / 1440)} d`;
}

/** "Due in 35 min", "Overdue by 2 h 5 min", or null when no SLA applies. */
export function describeSla(sla: TSla): string | null {
  if (sla.minutesLeft === null) return null;
  return sla.state === 'overdue' ? `Overdue by ${span(sla.minutesLeft === 0 ? 0 : sla.minutesLeft)}` : `Due in ${span(sla.minutesLeft)}`;
}
