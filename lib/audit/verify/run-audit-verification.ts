/**
 * "Verify integrity" from the console: authorised as `verify AuditEvent`, one run per chain
 * at a time in this process, progress streamed as NDJSON lines while verifyAuditChain walks
 * the chain, then the result against the last signed checkpoint. Every run is audited
 * (`audit.verified`); a failure alerts administrators once per problem.
 */
import 'server-only';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { auditCheckpoints } from '@/db/schema';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { authorize } from '@/lib/authz/authorize';
import { AppError, validationError } from '@/lib/errors';
import { logger } from '@/lib/log/logger';
import { appendAuditEvent } from '../append-audit-event';
import { verifyAuditChain, type TVerifyAuditChainResult } from '../verify-audit-chain';
import { alertVerificationFailureOnce } from './alert-verification-failure';

export const ZVerifyInput = z.strictObject({ chain: z.string().regex(/^[a-z0-9][a-z0-9_.:-]{0,63}$/).default('main') });

export type TVerificationReport = TVerifyAuditChainResult & {
  checkpoint: { seq: number; createdAt: string; keyId: string } | null;
  alerted: boolean;
};

/** One NDJSON line of the stream. */
export type TVerificationMessage =
  | { type: 'progress'; checked: number; total: number; locating?: true }
  | { type: 'result'; report: TVerificationReport }
  | { type: 'error'; message: string };

const running = new Set<string>();

async function runOnce(db: TDb, actor: TActor, chain: string, onProgress: (p: { checked: number; total: number; locating?: true }) => void): Promise<TVerificationReport> {
  const result = await verifyAuditChain(db, { chain, onProgress: ({ chain: _chain, ...p }) => onProgress(p) });
  const alerted = await alertVerificationFailureOnce(db, result);
  const [cp] = result.lastCheckpoint
    ? await db.select().from(auditCheckpoints).where(and(eq(auditCheckpoints.chain, chain), eq(auditCheckpoints.seq, result.lastCheckpoint.seq)))
    : [];
  await db.transaction((tx) =>
    appendAuditEvent(tx, {
      action: 'audit.verified',
      actor: { type: 'staff', id: actor.staff.id },
      target: { type: 'audit_chain', id: chain },
      result: result.ok ? 'success' : 'failure',
      meta: { ...actor.meta, sessionId: actor.session.id },
      data: { chain, checked: result.checked, ok: result.ok, ...(result.problem ? { seq: result.problem.seq, kind: result.problem.kind } : {}) },
    }),
  );
  return { ...result, checkpoint: cp ? { seq: cp.seq, createdAt: cp.createdAt.toISOString(), keyId: cp.keyId } : null, alerted };
}

/**
 * Authorises and starts a verification; the returned stream carries progress lines and ends
 * with one `result` (or `error`) line. Refusals and bad input throw before anything streams.
 */
export async function streamAuditVerification(db: TDb, actor: TActor, raw: unknown): Promise<ReadableStream<Uint8Array>> {
  const parsed = ZVerifyInput.safeParse(raw ?? {});
  if (!parsed.success) throw validationError(parsed.error.issues);
  const { chain } = parsed.data;
  await authorize(db, actor, 'verify', 'AuditEvent');
  if (running.has(chain)) throw new AppError('CONFLICT', 'A verification of this chain is already running; wait for it to finish.');
  running.add(chain);
  const encoder = new TextEncoder();
  // A reader that goes away does not stop the run: the result is still audited and alerted.
  let open = true;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (m: TVerificationMessage) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(m)}\n`));
        } catch {
          open = false;
        }
      };
      const close = () => {
        running.delete(chain);
        if (open) controller.close();
        open = false;
      };
      // Not awaited: chunks reach the reader while the chain is walked.
      void pump(db, actor, chain, send).finally(close);
    },
    cancel() {
      open = false;
    },
  });
}

async function pump(db: TDb, actor: TActor, chain: string, send: (m: TVerificationMessage) => void): Promise<void> {
  try {
    send({ type: 'progress', checked: 0, total: 0 });
    const report = await runOnce(db, actor, chain, (p) => send({ type: 'progress', ...p }));
    send({ type: 'result', report });
  } catch (err) {
    logger().error({ err, requestId: actor.meta.requestId }, 'audit verification could not run');
    send({ type: 'error', message: `The verification could not run (ref: ${actor.meta.requestId}).` });
  }
}
