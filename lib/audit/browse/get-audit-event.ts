/**
 * One audit event in full, for the detail view: every field the actor may read, its place in
 * the hash chain with a check of this event's link (prev_hash against the previous row's
 * hash, and the stored hash against a recomputation), and related events. The hash values
 * themselves are withheld where they cover a field the actor may not see.
 */
import 'server-only';
import { and, desc, eq, ne, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { auditEvents, staff } from '@/db/schema';
import type { TDb } from '@/db/types';
import { computeAuditHash, GENESIS_HASH, type TAuditEventRow } from '@/lib/audit/hash-audit-event';
import type { TActor } from '@/lib/auth/current-staff';
import { authorize, denyAccess } from '@/lib/authz/authorize';
import type { TAppAbility } from '@/lib/permissions/ability';
import { AUDIT_SELECT, seesEveryField, staffJoin, toBrowseRow, visibilityOf, type TAuditBrowseRow } from './audit-event-dto';
import { fieldsNotAlways } from './audit-field-sql';
import { AUDIT_CONDITION_SELECT } from './audit-filter-sql';
import { readableAuditEvents } from './list-audit-events';

const RELATED_LIMIT = 20;

export type TAuditLink = {
  /**
   * The hashes are SHA-256 over the whole event, hidden fields included, so a reader could test
   * guesses of a hidden IP, reason or detail against them (an IPv4 address is 2^32 tries). They
   * are null ("withheld") unless the reader sees every guarded field of the event they cover:
   * `hash`/`recomputedHash` cover this event, `prevHash` the one before it.
   */
  prevHash: string | null;
  hash: string | null;
  recomputedHash: string | null;
  /** The previous row's hash equals this prev_hash; null when the previous row is gone (pruned). */
  linkOk: boolean | null;
  /** The stored hash equals the hash recomputed from the row's content. */
  hashOk: boolean;
};

export type TAuditEventDetail = TAuditBrowseRow & {
  chain: string;
  sessionId: string | null;
  authenticator: Record<string, unknown> | null;
  data: Record<string, unknown> | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  link: TAuditLink;
  related: { sameRequest: TAuditBrowseRow[]; sameTarget: TAuditBrowseRow[]; sameSession: TAuditBrowseRow[] };
};

async function checkLink(db: TDb, ability: TAppAbility, row: TAuditEventRow, showsOwnHash: boolean): Promise<TAuditLink> {
  const recomputedHash = computeAuditHash(row);
  let linkOk: boolean | null;
  let showsPrevHash: boolean;
  if (row.seq === 1) {
    linkOk = row.prevHash === GENESIS_HASH;
    showsPrevHash = true;
  } else {
    // The previous row is read whether or not the actor may see it; only its hash and what its
    // field rules need are used.
    const [prev] = await db
      .select({ ...AUDIT_CONDITION_SELECT, hash: auditEvents.hash })
      .from(auditEvents)
      .where(and(eq(auditEvents.chain, row.chain), eq(auditEvents.seq, row.seq - 1)));
    linkOk = prev ? prev.hash === row.prevHash : null;
    // A pruned predecessor can no longer be checked here; its hash is shown only to a reader who sees every field everywhere.
    showsPrevHash = prev ? seesEveryField(visibilityOf(ability, prev)) : fieldsNotAlways(ability, 'read').length === 0;
  }
  return {
    prevHash: showsPrevHash ? row.prevHash : null,
    hash: showsOwnHash ? row.hash : null,
    recomputedHash: showsOwnHash ? recomputedHash : null,
    linkOk,
    hashOk: recomputedHash === row.hash,
  };
}

async function related(db: TDb, actor: TActor, row: TAuditEventRow, by: SQL | undefined): Promise<TAuditBrowseRow[]> {
  if (!by) return [];
  const rows = await db
    .select(AUDIT_SELECT)
    .from(auditEvents)
    .leftJoin(staff, staffJoin)
    .where(and(by, ne(auditEvents.id, row.id), readableAuditEvents(actor)))
    .orderBy(desc(auditEvents.seq))
    .limit(RELATED_LIMIT);
  return rows.map((r) => toBrowseRow(r, visibilityOf(actor.ability, r)));
}

/** The event `id` with its chain link and related events; NOT_FOUND (audited) when unknown or not readable. */
export async function getAuditEvent(db: TDb, actor: TActor, id: string): Promise<TAuditEventDetail> {
  await authorize(db, actor, 'read', 'AuditEvent', undefined, id.slice(0, 100));
  const notFound = async () => denyAccess(db, actor, { action: 'read', subject: 'AuditEvent', targetId: id.slice(0, 100), noun: 'audit event' }, 'NOT_FOUND');
  if (!z.uuid().safeParse(id).success) throw await notFound();
  const [row] = await db
    .select(AUDIT_SELECT)
    .from(auditEvents)
    .leftJoin(staff, staffJoin)
    .where(and(eq(auditEvents.id, id), readableAuditEvents(actor)));
  if (!row) throw await notFound();
  const vis = visibilityOf(actor.ability, row);
  const sameChain = eq(auditEvents.chain, row.chain);
  const [sameRequest, sameTarget, sameSession, link] = await Promise.all([
    related(db, actor, row, row.requestId ? and(sameChain, eq(auditEvents.requestId, row.requestId)) : undefined),
    related(db, actor, row, row.targetType && row.targetId ? and(sameChain, eq(auditEvents.targetType, row.targetType), eq(auditEvents.targetId, row.targetId)) : undefined),
    related(db, actor, row, row.sessionId ? and(sameChain, eq(auditEvents.sessionId, row.sessionId)) : undefined),
    checkLink(db, actor.ability, row, seesEveryField(vis)),
  ]);
  return {
    ...toBrowseRow(row, vis),
    chain: row.chain,
    sessionId: row.sessionId,
    authenticator: row.authenticator,
    // before/after are event details too: they follow the `data` field rule.
    data: vis.data ? row.data : null,
    before: vis.data ? row.before : null,
    after: vis.data ? row.after : null,
    link,
    related: { sameRequest, sameTarget, sameSession },
  };
}
