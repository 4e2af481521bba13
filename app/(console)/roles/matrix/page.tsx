import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { getPermissionMatrix } from '@/lib/roles/get-permission-matrix';
import { MatrixLegend } from '../_components/matrix-cell';
import { PermissionMatrixTable } from '../_components/permission-matrix-table';
import { guardPage } from '@/lib/http/page-guard';

export const metadata: Metadata = { title: 'Permission matrix' };

export default async function PermissionMatrixPage() {
  const matrix = await guardPage(async () => getPermissionMatrix(await getDb(), await getCurrentStaff()));
  return (
    <>
      <p className="mb-2 text-sm"><Link href="/roles" className="text-muted-foreground underline-offset-4 hover:underline">← Roles</Link></p>
      <PageHeader title="Permission matrix" description="What each role allows, per subject and action, from the rules as saved. A person's permissions are the union of their roles." />
      <div className="grid gap-4">
        <MatrixLegend />
        <PermissionMatrixTable matrix={matrix} />
      </div>
    </>
  );
}
