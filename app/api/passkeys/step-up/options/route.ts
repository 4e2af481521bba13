import { getDb } from '@/db/client';
import { ensureBrowserBinding } from '@/lib/auth/browser-binding';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { startPasskeySignIn } from '@/lib/auth/sign-in';
import { apiRoute } from '@/lib/http/api-route';

export const POST = apiRoute(async (_req, { meta }) => {
  const actor = await getCurrentStaff();
  return startPasskeySignIn(await getDb(), { bindingHash: await ensureBrowserBinding(), meta, purpose: 'step-up', staffId: actor.staff.id });
});
