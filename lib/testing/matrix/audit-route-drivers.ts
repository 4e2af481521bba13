/**
 * How the matrix calls the audit console's route handlers (verify, export, live poll), and
 * how it sees that an allowed call took effect: verification and export each write their own
 * audit event for the caller; the live poll answers the newest seq.
 */
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '@/db/schema';
import { GET as exportAudit } from '@/app/api/audit/export/route';
import { GET as latestAudit } from '@/app/api/audit/latest/route';
import { POST as verifyAudit } from '@/app/api/audit/verify/route';
import { outcomeOfResponse, type TCellSetup, type TEndpointDriver } from './outcome';
import { currentRequest } from './request-context';

const noParams = { params: Promise.resolve({}) };

async function wroteEvent(setup: TCellSetup, action: 'audit.verified' | 'audit.exported'): Promise<boolean> {
  const staffId = setup.principal.person?.staffId;
  if (!staffId) return false;
  const rows = await setup.db.select({ id: auditEvents.id }).from(auditEvents).where(and(eq(auditEvents.action, action), eq(auditEvents.actorId, staffId)));
  return rows.length > 0;
}

export const AUDIT_ROUTE_DRIVERS = {
  'POST /api/audit/verify': {
    target: null,
    prepare: async (setup) => ({
      call: async () => outcomeOfResponse(await verifyAudit(currentRequest('POST', '/api/audit/verify', { chain: 'main' }), noParams)),
      happened: () => wroteEvent(setup, 'audit.verified'),
    }),
  },
  'GET /api/audit/export': {
    target: null,
    prepare: async (setup) => ({
      call: async () => outcomeOfResponse(await exportAudit(currentRequest('GET', '/api/audit/export?format=jsonl'), noParams)),
      happened: () => wroteEvent(setup, 'audit.exported'),
    }),
  },
  'GET /api/audit/latest': {
    target: null,
    prepare: async () => {
      let seq: unknown;
      return {
        call: async () => {
          const res = await latestAudit(currentRequest('GET', '/api/audit/latest'), noParams);
          if (res.ok) seq = ((await res.clone().json()) as { seq?: unknown }).seq;
          return outcomeOfResponse(res);
        },
        happened: async () => typeof seq === 'number' && seq > 0,
      };
    },
  },
} satisfies Record<string, TEndpointDriver>;
