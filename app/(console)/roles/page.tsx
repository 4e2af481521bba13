import type { Metadata } from 'next';
import Link from 'next/link';
import { Plus } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { listRoles } from '@/lib/roles/list-roles';
import { RolesTable } from './_components/roles-table';
import { guardPage } from '@/lib/http/page-guard';

export const metadata: Metadata = { title: 'Roles' };

export default async function RolesPage() {
  const db = await getDb();
  const actor = await getCurrentStaff();
  const roles = await guardPage(() => listRoles(db, actor));
  // Cosmetic: the create use case checks again.
  const newRole = actor.ability.can('create', 'Role') ? (
    <Button asChild>
      <Link href="/roles/new">
        <Plus aria-hidden className="size-4" />
        New role
      </Link>
    </Button>
  ) : null;
  return (
    <>
      <PageHeader
        title="Roles"
        description="Named sets of permission rules. Staff hold one or more roles; what they may do is the union of their roles' rules, and a denial always wins."
        actions={
          <>
            <Button asChild variant="outline">
              <Link href="/roles/matrix">Permission matrix</Link>
            </Button>
            {newRole}
          </>
        }
      />
      {roles.length === 0 ? <EmptyState title="No roles" description="Create a role to grant permissions to staff." action={newRole} /> : <RolesTable roles={roles} />}
    </>
  );
}
