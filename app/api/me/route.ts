import { getCurrentStaff } from '@/lib/auth/current-staff';
import { apiRoute } from '@/lib/http/api-route';

export const GET = apiRoute(async () => {
  const actor = await getCurrentStaff();
  return {
    id: actor.staff.id,
    name: actor.staff.name,
    roles: actor.roles.map((r) => r.key),
    idleExpiresAt: actor.idleExpiresAt.toISOString(),
  };
});
