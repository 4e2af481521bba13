/** Exports a request and its signed decisions as a proof bundle anyone can verify offline; audited. */
import 'server-only';
import { asc, eq } from 'drizzle-orm';
import { approvalDecisions, staff } from '@/db/schema';
import type { TDb } from '@/db/types';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import type { TActor } from '@/lib/auth/current-staff';
import { relyingParty } from '@/lib/auth/webauthn-rp';
import type { TApprovalProofBundle } from './proof-bundle';
import { findVisibleRequest } from './request-records';

export type { TApprovalProofBundle } from './proof-bundle';

export async function exportApprovalProof(db: TDb, actor: TActor, id: unknown): Promise<TApprovalProofBundle> {
  const row = await findVisibleRequest(db, actor, id);
  const rows = await db
    .select({ d: approvalDecisions, name: staff.name })
    .from(approvalDecisions)
    .innerJoin(staff, eq(staff.id, approvalDecisions.staffId))
    .where(eq(approvalDecisions.requestId, row.id))
    .orderBy(asc(approvalDecisions.createdAt));
  const rp = relyingParty();
  const bundle: TApprovalProofBundle = {
    format: 'countersign-approval-proof/v1',
    exportedAt: new Date().toISOString(),
    relyingParty: { rpId: rp.rpID, origin: rp.origin },
    request: {
      id: row.id, actionType: row.actionType, status: row.status, version: row.version, summary: row.summary, payload: row.payload,
      payloadHash: row.payloadHash, requesterId: row.requesterId, policyVersion: row.policyVersion, tierIndex: row.tierIndex,
      createdAt: row.createdAt.toISOString(), executedAt: row.executedAt?.toISOString() ?? null,
    },
    decisions: rows.map(({ d, name }) => ({
      staffId: d.staffId, staffName: name, step: d.step, requestVersion: d.requestVersion, decision: d.decision, comment: d.comment,
      createdAt: d.createdAt.toISOString(), signatureVerifiedAtDecision: d.signatureVerified, nonce: d.nonce, credentialId: d.credentialId,
      publicKey: d.publicKey, authenticatorData: d.authenticatorData, clientDataJSON: d.clientDataJson, signature: d.signature,
    })),
  };
  await db.transaction((tx) =>
    appendAuditEvent(tx, {
      action: 'approval.proof_exported',
      actor: { type: 'staff', id: actor.staff.id },
      target: { type: 'approval_request', id: row.id },
      result: 'success',
      meta: { ...actor.meta, sessionId: actor.session.id },
      data: { version: row.version, decisions: rows.length },
    }),
  );
  return bundle;
}
