/** Gate of the "New role" page: refuses (and audits) people who may not create roles before showing the editor. */
import 'server-only';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { authorize } from '@/lib/authz/authorize';

export async function authorizeRoleCreation(db: TDb, actor: TActor): Promise<void> {
  await authorize(db, actor, 'create', 'Role');
}
