import { getDb } from '@/db/client';
import { ensureBrowserBinding } from '@/lib/auth/browser-binding';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { startFirstAdminEnrolment } from '@/lib/auth/enrol-first-admin';
import { startAddPasskey } from '@/lib/auth/manage-passkeys';
import { ZRegistrationOptionsRequest } from '@/lib/auth/registration-requests';
import { startInviteEnrolment } from '@/lib/staff/accept-invite';
import { startRecoveryEnrolment } from '@/lib/staff/passkey-recovery';
import { apiRoute, readJsonBody } from '@/lib/http/api-route';

export const POST = apiRoute(async (req) => {
  const body = ZRegistrationOptionsRequest.parse(await readJsonBody(req));
  const db = await getDb();
  const bindingHash = await ensureBrowserBinding();
  if (body.flow === 'setup') return startFirstAdminEnrolment(db, { ...body, bindingHash });
  if (body.flow === 'invite') return startInviteEnrolment(db, { token: body.token, bindingHash });
  if (body.flow === 'recovery') return startRecoveryEnrolment(db, { token: body.token, bindingHash });
  return startAddPasskey(db, await getCurrentStaff(), bindingHash);
});
