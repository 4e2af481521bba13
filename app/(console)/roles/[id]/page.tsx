import type { Metadata } from 'next';
import Link from 'next/link';
import { AuditTimeline } from '@/components/audit/audit-timeline';
import { AccessSimulator } from '@/components/permissions/access-simulator';
import { RuleSentenceList } from '@/components/permissions/rule-sentence-list';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { getRole } from '@/lib/roles/get-role';
import { listStaff } from '@/lib/staff/staff-directory';
import { DeleteRoleButton } from '../_components/delete-role-button';
import { RoleForm } from '../_components/role-form';
import { guardPage } from '@/lib/http/page-guard';

export const metadata: Metadata = { title: 'Role' };

export default async function RolePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const db = await getDb();
  const actor = await getCurrentStaff();
  // Unknown (or invisible) roles get the 404 page, refusals the 403 page; getRole has already audited them.
  const role = await guardPage(() => getRole(db, actor, id));
  // The simulator lists staff; people who may not read staff do not get it (and no refused read is logged).
  const staff = actor.ability.can('read', 'Staff') ? (await listStaff(db, actor)).map((p) => ({ id: p.id, name: p.name })) : null;
  return (
    <>
      <p className="mb-2 text-sm"><Link href="/roles" className="text-muted-foreground underline-offset-4 hover:underline">← Roles</Link></p>
      <PageHeader
        title={role.name}
        description={
          <>
            {role.builtIn ? <Badge variant="secondary" className="me-2">Built-in</Badge> : null}
            <span className="font-mono">{role.key}</span> · held by {role.assignedCount} staff {role.assignedCount === 1 ? 'member' : 'members'}
          </>
        }
        actions={
          role.can.delete || role.builtIn ? (
            <DeleteRoleButton roleId={role.id} name={role.name} ruleCount={role.rules.length} builtIn={role.builtIn} assignedCount={role.assignedCount} />
          ) : null
        }
      />
      <div className="grid gap-10">
        {role.can.update ? (
          // Remounts after each save (new version), so the editor shows the rules as stored.
          <RoleForm key={role.updatedAt} role={role} />
        ) : (
          <section aria-labelledby="rules-heading" className="grid gap-3">
            <h2 id="rules-heading" className="text-lg font-semibold">Rules</h2>
            <RuleSentenceList rules={role.rules} who={role.name} />
          </section>
        )}
        {staff ? (
          <Card>
            <CardHeader>
              <CardTitle asChild><h2 className="text-base font-semibold">Can they do it?</h2></CardTitle>
              <CardDescription>Checks a staff member&rsquo;s current permissions (all their saved roles) and names the deciding rule.</CardDescription>
            </CardHeader>
            <CardContent>
              <AccessSimulator staff={staff} />
            </CardContent>
          </Card>
        ) : null}
        <AuditTimeline targetType="role" targetId={role.id} title="Change history" />
      </div>
    </>
  );
}
