import { getDb } from '@/db/client';
import { currentBrowserBinding } from '@/lib/auth/browser-binding';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { finishFirstAdminEnrolment } from '@/lib/auth/enrol-first-admin';
import { finishAddPasskey } from '@/lib/auth/manage-passkeys';
import { ZRegistrationVerifyRequest } from '@/lib/auth/registration-requests';
import { finishInviteEnrolment } from '@/lib/staff/accept-invite';
import { finishRecoveryEnrolment } from '@/lib/staff/passkey-recovery';
import { apiRoute, readJsonBody } from '@/lib/http/api-route';

export const POST = apiRoute(async (req, { meta }) => {
  const body = ZRegistrationVerifyRequest.parse(await readJsonBody(req, 64 * 1024));
  const db = await getDb();
  const bindingHash = await currentBrowserBinding();
  if (body.flow === 'setup') {
    const { ticket } = await finishFirstAdminEnrolment(db, { ...body, bindingHash, meta });
    return { ticket };
  }
  if (body.flow === 'invite') {
    const { ticket } = await finishInviteEnrolment(db, { ...body, bindingHash, meta });
    return { ticket };
  }
  if (body.flow === 'recovery') {
    const { ticket } = await finishRecoveryEnrolment(db, { ...body, bindingHash, meta });
    return { ticket };
  }
  return finishAddPasskey(db, await getCurrentStaff(), { response: body.response, bindingHash });
});
