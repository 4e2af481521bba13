/**
 * appendAuditEvent: writes one event to the hash chain inside the caller's transaction, so
 * the change and its audit record commit or roll back together (an audit failure undoes the
 * change). Validates the action's data, redacts secrets/PII, enriches IP/user agent/AAGUID,
 * then, under the chain-head lock, links the event to the previous hash and checkpoints.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { auditChainHeads, auditEvents } from '@/db/schema';
import type { TTx } from '@/db/types';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { CARD_NUMBER_MESSAGE, countCardNumbersInText } from '@/lib/pan';
import { describeAuthenticator } from './authenticator-models';
import { toJsonValue } from './canonical-json';
import { isCheckpointDue, writeCheckpoint } from './create-checkpoint';
import { describeDevice } from './describe-device';
import { describeIpPlace } from './describe-ip-place';
import { parseAuditData, type TAuditAction } from './event-types';
import { computeAuditHash, type TAuditEventRow } from './hash-audit-event';
import { lockChainHead } from './lock-chain-head';
import { redactSensitiveFields } from './redact-sensitive-fields';
import { normaliseIp } from './special-ip-ranges';

export type TAuditActor = { type: 'staff'; id: string } | { type: 'service'; id: string } | { type: 'system' };

type TAuditEventBase = {
  actor: TAuditActor;
  target?: { type: string; id: string };
  result: 'success' | 'denied' | 'failure';
  reason?: string;
  meta?: { requestId?: string; ip?: string | null; userAgent?: string | null; sessionId?: string | null };
  /** Enriched to { aaguid, model }. */
  authenticatorAaguid?: string | null;
  /** Redacted before storing. */
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  /** Separate chains are independent logs; almost everything belongs in 'main'. */
  chain?: string;
};

/**
 * One event, as in docs/CONTRACTS.md. `data` is checked at runtime against the action's schema;
 * callers wanting compile-time checking can type their payload as TAuditDataInput<'the.action'>.
 */
export type TAuditEventInput = TAuditEventBase & { action: TAuditAction; data?: Record<string, unknown> };

export type TAppendedAuditEvent = { id: string; seq: number; hash: string };

const ZText = (max: number) => z.string().min(1).max(max);
const ZEnvelope = z.object({
  actor: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('staff'), id: ZText(100) }),
    z.strictObject({ type: z.literal('service'), id: ZText(100) }),
    z.strictObject({ type: z.literal('system') }),
  ]),
  target: z.strictObject({ type: ZText(64), id: ZText(200) }).optional(),
  result: z.enum(['success', 'denied', 'failure']),
  reason: z.string().max(500).optional(),
  meta: z
    .object({
      requestId: z.string().max(100).optional(),
      ip: z.string().max(100).nullish(),
      userAgent: z.string().nullish(),
      sessionId: z.string().max(100).nullish(),
    })
    .optional(),
  authenticatorAaguid: z.string().max(100).nullish(),
  before: z.record(z.string(), z.unknown()).optional(),
  after: z.record(z.string(), z.unknown()).optional(),
  chain: z.string().regex(/^[a-z0-9][a-z0-9_.:-]{0,63}$/).default('main'),
});

/** Targets whose `name` is a label chosen for a thing, not a person's name (see TRedactOptions). */
const LABEL_NAMED_TARGETS = new Set(['passkey', 'role', 'setting', 'session', 'audit_chain', 'csp_report']);

function jsonObject(value: unknown): Record<string, unknown> | null {
  if (value === undefined || value === null) return null;
  return toJsonValue(value) as Record<string, unknown>;
}

/**
 * Place and device depend only on the address and the user agent, which repeat from event to
 * event, and parsing them is most of an event's preparation time: the last results are kept
 * (frozen, as rows share them), the cache emptied whenever it fills.
 */
const ENRICHMENT_CACHE_MAX = 2_000;
const placeCache = new Map<string, Readonly<Record<string, unknown>> | null>();
const deviceCache = new Map<string, Readonly<Record<string, unknown>> | null>();

function remember<T extends object>(cache: Map<string, Readonly<T> | null>, key: string, value: T | null): Readonly<T> | null {
  if (cache.size >= ENRICHMENT_CACHE_MAX) cache.clear();
  const frozen = value && Object.freeze(value);
  cache.set(key, frozen);
  return frozen;
}

async function enrichedPlace(ip: string | null | undefined): Promise<Record<string, unknown> | null> {
  if (!ip) return jsonObject(await describeIpPlace(ip));
  const hit = placeCache.get(ip);
  return hit !== undefined ? hit : remember(placeCache, ip, jsonObject(await describeIpPlace(ip)));
}

function enrichedDevice(userAgent: string | null | undefined): Record<string, unknown> | null {
  if (!userAgent) return jsonObject(describeDevice(userAgent));
  const hit = deviceCache.get(userAgent);
  return hit !== undefined ? hit : remember(deviceCache, userAgent, jsonObject(describeDevice(userAgent)));
}

export type TPreparedAuditFields = Omit<TAuditEventRow, 'seq' | 'occurredAt' | 'prevHash' | 'hash'>;

/**
 * Backstop for PCI DSS 3.3.1/3.5.1: `reason` is often what a staff member typed, and the chain is
 * append-only and exported, so a card number written there could never be removed. Every staff
 * text field should already refuse it (ZPanSafeText); a field that slipped through is refused
 * here, rolling the caller's change back with a 422 that does not echo the number.
 */
function assertReasonHoldsNoCardNumber(reason: string | undefined): void {
  if (!reason || countCardNumbersInText(reason) === 0) return;
  throw new AppError('VALIDATION', CARD_NUMBER_MESSAGE, { issues: [{ path: 'reason', message: `${CARD_NUMBER_MESSAGE}: remove the card number` }] });
}

/**
 * Validates, redacts and enriches one event into the row fields that do not depend on the
 * chain position (everything but seq, occurred_at, prev_hash and hash). Runs before any lock.
 */
export async function prepareAuditFields(event: TAuditEventInput): Promise<TPreparedAuditFields> {
  const e = ZEnvelope.parse(event);
  assertReasonHoldsNoCardNumber(e.reason);
  const data = parseAuditData(event.action, event.data);
  const redact = { redactPersonNames: !LABEL_NAMED_TARGETS.has(e.target?.type ?? '') };
  const ip = e.meta?.ip ? (normaliseIp(e.meta.ip)?.address ?? null) : null;
  const place = await enrichedPlace(e.meta?.ip);
  const actorId = e.actor.type === 'system' ? null : e.actor.id;
  return {
    id: randomUUID(),
    chain: e.chain,
    actorType: e.actor.type,
    actorId,
    action: event.action,
    targetType: e.target?.type ?? null,
    targetId: e.target?.id ?? null,
    result: e.result,
    reason: e.reason ?? null,
    ip,
    place,
    device: enrichedDevice(e.meta?.userAgent),
    authenticator: jsonObject(describeAuthenticator(e.authenticatorAaguid)),
    requestId: e.meta?.requestId ?? null,
    sessionId: e.meta?.sessionId ?? null,
    data: jsonObject(redactSensitiveFields(data, redact)),
    before: jsonObject(e.before && redactSensitiveFields(e.before, redact)),
    after: jsonObject(e.after && redactSensitiveFields(e.after, redact)),
  };
}

/** Appends `event` to its chain within `tx`; throws (rolling the caller back) when invalid or when the write fails. */
export async function appendAuditEvent(tx: TTx, event: TAuditEventInput): Promise<TAppendedAuditEvent> {
  // Enrichment runs before the head lock is taken, so the lock is held only for the writes.
  const fields = await prepareAuditFields(event);
  const head = await lockChainHead(tx, fields.chain);
  // Taken under the lock so that, on one clock, occurred_at follows seq order.
  const occurredAt = new Date();
  const row: TAuditEventRow = { ...fields, seq: head.seq + 1, occurredAt, prevHash: head.hash, hash: '' };
  row.hash = computeAuditHash(row);

  await tx.insert(auditEvents).values(row);
  await tx.update(auditChainHeads).set({ seq: row.seq, hash: row.hash }).where(eq(auditChainHeads.chain, fields.chain));

  const { auditCheckpointEvery: every, auditCheckpointMinutes: minutes } = env();
  if (isCheckpointDue({ ...head, seq: row.seq }, occurredAt, { every, minutes })) {
    await writeCheckpoint(tx, { chain: fields.chain, seq: row.seq, hash: row.hash }, occurredAt);
  }
  return { id: row.id, seq: row.seq, hash: row.hash };
}
