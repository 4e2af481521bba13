import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { authorizeRoleCreation } from '@/lib/roles/authorize-role-creation';
import { RoleForm } from '../_components/role-form';
import { guardPage } from '@/lib/http/page-guard';

export const metadata: Metadata = { title: 'New role' };

export default async function NewRolePage() {
  await guardPage(async () => authorizeRoleCreation(await getDb(), await getCurrentStaff()));
  return (
    <>
      <p className="mb-2 text-sm"><Link href="/roles" className="text-muted-foreground underline-offset-4 hover:underline">← Roles</Link></p>
      <PageHeader title="New role" description="Give it a name, then add the rules it grants. Nothing is granted until you save and assign it." />
      <RoleForm />
    </>
  );
}
