import { z } from 'zod';
import { getDb } from '@/db/client';
import { createDecisionSignatureOptions } from '@/lib/approvals/create-decision-signature-options';
import { ensureBrowserBinding } from '@/lib/auth/browser-binding';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { validationError } from '@/lib/errors';
import { apiRoute, readJsonBody } from '@/lib/http/api-route';

const ZBody = z.strictObject({ version: z.number().int().min(1), step: z.number().int().min(0), decision: z.enum(['approve', 'reject']) });

/** Issues the single-use challenge for one decision and returns exactly what will be signed. */
export const POST = apiRoute<{ id: string }>(async (req, { params }) => {
  const actor = await getCurrentStaff();
  const body = ZBody.safeParse(await readJsonBody(req));
  if (!body.success) throw validationError(body.error.issues);
  return createDecisionSignatureOptions(await getDb(), { actor, bindingHash: await ensureBrowserBinding(), requestId: params.id, ...body.data });
});
