/**
 * The audit browser's row shape and the field rules applied to it: IP, place, reason and
 * event data are shown only where the actor's AuditEvent field rules allow, per row (a
 * conditional field grant is checked against that row's values).
 */
import 'server-only';
import { and, eq, getTableColumns, sql } from 'drizzle-orm';
import { auditEvents, staff } from '@/db/schema';
import { auditActionLabel } from '@/lib/audit/event-types';
import type { TAuditEventRow } from '@/lib/audit/hash-audit-event';
import type { TAppAbility } from '@/lib/permissions/ability';
import { permittedFields } from '@/lib/permissions/permitted-fields';
import { fieldSpecOf } from '@/lib/permissions/subject-fields';
import type { TAuditFilter } from './audit-filter';

export type TAuditBrowseRow = {
  seq: number;
  id: string;
  occurredAt: Date;
  actor: { type: 'staff' | 'service' | 'system'; id: string | null; name: string | null };
  action: string;
  label: string;
  target: { type: string; id: string } | null;
  result: 'success' | 'denied' | 'failure';
  reason: string | null;
  ip: string | null;
  place: Record<string, unknown> | null;
  device: Record<string, unknown> | null;
  requestId: string | null;
};

/** Every stored column plus the acting staff member's name (actor_id is text; staff ids are uuids). */
export const AUDIT_SELECT = { ...getTableColumns(auditEvents), actorName: staff.name };
export const staffJoin = and(eq(auditEvents.actorType, 'staff'), eq(sql`${staff.id}::text`, auditEvents.actorId));
export type TSelectedAuditRow = TAuditEventRow & { actorName: string | null };

export type TVisibility = { ip: boolean; place: boolean; reason: boolean; data: boolean };

// `place` is not (yet) a field in subject-fields, so no rule can name it; it is derived from
// the IP, so it is shown only when the IP is, and independently restrictable once listed.
const PLACE_IS_FIELD = fieldSpecOf('AuditEvent', 'place') !== undefined;
/** The fields a role may withhold from an audit reader (before/after follow `data`, place follows `ip`). */
export const AUDIT_GUARDED_FIELDS: readonly string[] = ['ip', 'reason', 'data', ...(PLACE_IS_FIELD ? ['place'] : [])];

/** The columns role conditions can name: all that visibilityOf needs of a row. */
export type TAuditConditionRow = Pick<TAuditEventRow, 'id' | 'seq' | 'occurredAt' | 'actorType' | 'actorId' | 'action' | 'targetType' | 'targetId' | 'result'>;

function conditionRecord(row: TAuditConditionRow): Record<string, unknown> {
  const { id, seq, occurredAt, actorType, actorId, action, targetType, targetId, result } = row;
  return { id, seq, occurredAt, actorType, actorId, action, targetType, targetId, result };
}

/** Which guarded fields of `row` the actor may read; without a row, which they may possibly read. */
export function visibilityOf(ability: TAppAbility, row?: TAuditConditionRow): TVisibility {
  const granted = new Set(permittedFields(ability, 'read', 'AuditEvent', AUDIT_GUARDED_FIELDS, row && conditionRecord(row)));
  const ip = granted.has('ip');
  return { ip, place: ip && (!PLACE_IS_FIELD || granted.has('place')), reason: granted.has('reason'), data: granted.has('data') };
}

/** True when every guarded field is visible: only then may the row's hash be shown (it would confirm a guessed hidden value). */
export function seesEveryField(vis: TVisibility): boolean {
  return vis.ip && vis.place && vis.reason && vis.data;
}

/**
 * visibilityOf for each row of a page, computed once when no AuditEvent read rule has
 * conditions (then no row can change the answer), else per row.
 */
export function rowVisibility(ability: TAppAbility): (row: TAuditEventRow) => TVisibility {
  const conditional = ability.possibleRulesFor('read', 'AuditEvent').some((r) => r.conditions !== undefined);
  if (conditional) return (row) => visibilityOf(ability, row);
  const fixed = visibilityOf(ability);
  return () => fixed;
}

/**
 * True when returning `row` for `filter` would reveal a field the actor may not read: an IP
 * filter matched a hidden IP, or free text matched only a hidden reason. Such rows are dropped.
 */
export function revealsHiddenField(row: TAuditEventRow, filter: TAuditFilter, vis: TVisibility): boolean {
  if (filter.ip && !vis.ip) return true;
  if (filter.q && !vis.reason) {
    const needle = filter.q.toLowerCase();
    const visibleMatch = [row.targetId ?? '', row.action, auditActionLabel(row.action)].some((s) => s.toLowerCase().includes(needle));
    return !visibleMatch;
  }
  return false;
}

export function toBrowseRow(row: TSelectedAuditRow, vis: TVisibility): TAuditBrowseRow {
  return {
    seq: row.seq,
    id: row.id,
    occurredAt: row.occurredAt,
    actor: { type: row.actorType, id: row.actorId, name: row.actorName },
    action: row.action,
    label: auditActionLabel(row.action),
    target: row.targetType && row.targetId ? { type: row.targetType, id: row.targetId } : null,
    result: row.result,
    reason: vis.reason ? row.reason : null,
    ip: vis.ip ? row.ip : null,
    place: vis.place ? row.place : null,
    device: row.device,
    requestId: row.requestId,
  };
}
