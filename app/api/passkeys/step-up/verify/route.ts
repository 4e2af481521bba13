import { z } from 'zod';
import { getDb } from '@/db/client';
import { currentBrowserBinding } from '@/lib/auth/browser-binding';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { confirmStepUp } from '@/lib/auth/step-up';
import { ZAuthenticationResponse } from '@/lib/auth/webauthn-schemas';
import { apiRoute, readJsonBody } from '@/lib/http/api-route';

const ZBody = z.object({ response: ZAuthenticationResponse });

export const POST = apiRoute(async (req) => {
  const { response } = ZBody.parse(await readJsonBody(req, 32 * 1024));
  const actor = await getCurrentStaff();
  const { confirmedAt } = await confirmStepUp(await getDb(), { actor, response, bindingHash: await currentBrowserBinding() });
  return { confirmedAt: confirmedAt.toISOString() };
});
