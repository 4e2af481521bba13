/**
 * A second delivery of one "open an approval request" submission (a user's retry, or a browser
 * resending a POST cut by an instance crash, docs/ha.md): the form's submission id, unique per
 * requester, finds the request the first delivery opened. The same action, payload and reason
 * answer with that request (nothing inserted, audited or notified again); anything else is a
 * CONFLICT, because the id was meant for another submission.
 */
import 'server-only';
import { and, eq } from 'drizzle-orm';
import { approvalRequests } from '@/db/schema';
import type { TDbOrTx } from '@/db/types';
import { AppError } from '@/lib/errors';
import { stepMembers } from './eligibility';
import { tierOf, type TRequestRow } from './request-records';
import type { TPersonRef } from './types';

export type TSubmittedRequest = { actionType: string; payloadHash: string; reason: string };

export async function findSubmittedRequest(db: TDbOrTx, requesterId: string, submissionId: string): Promise<TRequestRow | undefined> {
  const [row] = await db
    .select()
    .from(approvalRequests)
    .where(and(eq(approvalRequests.requesterId, requesterId), eq(approvalRequests.submissionId, submissionId)));
  return row;
}

/** The first delivery's answer for `earlier`, or CONFLICT when this delivery asks for something else. */
export async function replaySubmittedRequest(
  db: TDbOrTx,
  earlier: TRequestRow,
  asked: TSubmittedRequest,
): Promise<{ id: string; version: number; payloadHash: string; summary: string; eligibleApprovers: TPersonRef[]; replayed: true }> {
  if (earlier.actionType !== asked.actionType || earlier.payloadHash !== asked.payloadHash || earlier.reason !== asked.reason) {
    throw new AppError('CONFLICT', 'This form was already submitted for a different request; reload the page and submit it again.');
  }
  // Who could sign the first step, as the first answer said (current roles, never the requester).
  const { tier } = await tierOf(db, earlier);
  const eligible = tier.steps[0] ? await stepMembers(db, tier.steps[0], new Set([earlier.requesterId])) : [];
  return {
    id: earlier.id,
    version: earlier.version,
    payloadHash: earlier.payloadHash,
    summary: earlier.summary,
    eligibleApprovers: eligible.map(({ id, name }) => ({ id, name })),
    replayed: true,
  };
}
