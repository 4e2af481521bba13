import type { Metadata } from 'next';
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { PageHeader } from '@/components/ui/page-header';
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { getDb } from '@/db/client';
import { listApprovalPolicies } from '@/lib/approvals/get-approval-policy';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { guardPage } from '@/lib/http/page-guard';

export const metadata: Metadata = { title: 'Approval policies' };

export default async function ApprovalPoliciesPage() {
  const policies = await guardPage(async () => listApprovalPolicies(await getDb(), await getCurrentStaff()));
  return (
    <>
      <Link href="/approvals" className="mb-2 inline-block text-sm underline underline-offset-4">Back to approvals</Link>
      <PageHeader title="Approval policies" description="Who must approve each kind of key action: tiers chosen by the payload, steps in order, groups with a quorum. Changing a policy is itself an approval request." />
      <Table>
        <TableCaption className="sr-only">Approval policies</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHead scope="col">Action</TableHead>
            <TableHead scope="col">Type key</TableHead>
            <TableHead scope="col">Version</TableHead>
            <TableHead scope="col">Tiers</TableHead>
            <TableHead scope="col"><span className="sr-only">Edit</span></TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {policies.map((p) => (
            <TableRow key={p.actionType}>
              <TableCell className="font-medium">{p.actionLabel}</TableCell>
              <TableCell className="font-mono text-xs">{p.actionType}</TableCell>
              <TableCell>{p.version} {p.isDefault ? <Badge variant="outline">default</Badge> : null}</TableCell>
              <TableCell>{p.definition.tiers.map((t) => `${t.name} (${t.steps.length} step${t.steps.length === 1 ? '' : 's'})`).join(', ')}</TableCell>
              <TableCell>
                <Link href={`/approvals/policies/${encodeURIComponent(p.actionType)}`} aria-label={`Edit the policy for ${p.actionLabel}`} className="underline underline-offset-4">Edit</Link>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
