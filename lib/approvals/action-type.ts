/**
 * What an action type is: the payload it executes, who may request it, its default policy,
 * the server-side summary people sign, and the executor. `defineActionType` also registers the
 * definition (lib/approvals/action-types/index.ts imports each file once).
 */
import type { z } from 'zod';
import type { TTx } from '@/db/types';
import type { TRequestMeta } from '@/lib/http/request-meta';
import type { TAction, TSubject } from '@/lib/permissions/vocabulary';
import type { TPolicyDefinitionInput } from './policy-schema';

export type TExecuteContext = {
  requestId: string;
  requesterId: string;
  /** Everyone whose approval counted, in signing order. */
  approverIds: string[];
  /** Who triggered execution: the final approver, or the person retrying. */
  executedBy: string;
  meta: TRequestMeta;
};

/** JSON-safe result stored on the request (shown on the request page); no secrets. */
export type TExecuteResult = Record<string, unknown> | void;

export type TActionType<P extends Record<string, unknown> = Record<string, unknown>> = {
  /** Dotted key, e.g. `role.privileged-change`; stored on requests and policies. */
  key: string;
  label: string;
  /** Validates (and canonicalises) the payload; JSON only (money as decimal strings of minor units). */
  payloadSchema: z.ZodType<P>;
  defaultPolicy: TPolicyDefinitionInput;
  /** The human summary shown to and signed by approvers, rendered on the server from the payload. */
  summarize: (payload: P) => string;
  /** The permission needed to open a request of this type (checked with the payload as the record's fields). */
  requestPermission: { action: TAction; subject: TSubject };
  /** Amount at stake, for tier conditions shown in lists and permission conditions. */
  amountOf?: (payload: P) => { amountMinor: bigint; currency: string } | null;
  /**
   * The requester may change the payload of a pending request. An edit is checked only against
   * `payloadSchema`, `validateRequest` and `requestPermission` (type level), so leave this unset
   * for a type whose request needs a record-level permission check (the use case that opens it
   * does that check) or whose summary shows labels looked up when it was opened (a role key, a
   * person's name): an edit could then make approvers sign a summary that is not what executes.
   * Such a request is cancelled and asked again instead.
   */
  editablePayload?: true;
  /** Extra checks when a request is opened (the target exists, the change is not a no-op). Throw AppError to refuse. */
  validateRequest?: (tx: TTx, payload: P, requesterId: string) => Promise<void>;
  /**
   * Applies the action. Runs in the same transaction as the status change to `executed`:
   * database effects via `tx`; external effects only through enqueueOutboxMessage(tx, ...).
   * Throwing rolls everything back and leaves the request `failed` with the message.
   */
  execute: (tx: TTx, payload: P, ctx: TExecuteContext) => Promise<TExecuteResult>;
};

export type TAnyActionType = TActionType<Record<string, unknown>>;

const definitions = new Map<string, TAnyActionType>();

export function defineActionType<P extends Record<string, unknown>>(definition: TActionType<P>): TActionType<P> {
  if (!/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/.test(definition.key)) throw new Error(`action type key "${definition.key}" must be dotted lower-case`);
  if (definitions.has(definition.key)) throw new Error(`action type "${definition.key}" is defined twice`);
  definitions.set(definition.key, definition as unknown as TAnyActionType);
  return definition;
}

/** Registered definitions (filled by importing lib/approvals/action-types). */
export function registeredActionTypes(): ReadonlyMap<string, TAnyActionType> {
  return definitions;
}
