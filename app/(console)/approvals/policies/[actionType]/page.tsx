import type { Metadata } from 'next';
import Link from 'next/link';
import { PolicyEditor } from '@/components/approvals/policy-editor/policy-editor';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { getApprovalPolicy } from '@/lib/approvals/get-approval-policy';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { guardPage } from '@/lib/http/page-guard';
import { listRoles } from '@/lib/roles/list-roles';
import { listStaff } from '@/lib/staff/staff-directory';

export const metadata: Metadata = { title: 'Edit approval policy' };

export default async function ApprovalPolicyPage({ params }: { params: Promise<{ actionType: string }> }) {
  const { actionType } = await params;
  const db = await getDb();
  const actor = await getCurrentStaff();
  const policy = await guardPage(() => getApprovalPolicy(db, actor, decodeURIComponent(actionType)));
  // The roster feeds the live "who could approve" preview; people without Staff/Role access see role keys only.
  const roles = actor.ability.can('read', 'Role') ? (await listRoles(db, actor)).map((r) => ({ key: r.key, name: r.name })) : [];
  const nameToKey = new Map(roles.map((r) => [r.name, r.key]));
  const staff = actor.ability.can('read', 'Staff')
    ? (await listStaff(db, actor)).filter((s) => s.status === 'active').map((s) => ({ id: s.id, name: s.name, roleKeys: s.roles.map((n) => nameToKey.get(n) ?? n) }))
    : [];
  return (
    <>
      <Link href="/approvals/policies" className="mb-2 inline-block text-sm underline underline-offset-4">Back to policies</Link>
      <PageHeader
        title={`Policy: ${policy.actionLabel}`}
        description={`Version ${policy.version}${policy.isDefault ? ' (built-in default)' : ''}. Saving does not change the policy yet: it opens an approval request for the change.`}
      />
      <PolicyEditor actionType={policy.actionType} basedOnVersion={policy.version} initial={policy.definition} roles={roles} staff={staff} requesterId={actor.staff.id} />
    </>
  );
}
