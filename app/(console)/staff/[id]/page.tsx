import type { Metadata } from 'next';
import Link from 'next/link';
import { AuditTimeline } from '@/components/audit/audit-timeline';
import { AccessSimulator } from '@/components/permissions/access-simulator';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { getStaffMember } from '@/lib/staff/get-staff-member';
import { listAssignableRoles, listStaff } from '@/lib/staff/staff-directory';
import { RoleAssignmentForm } from './_components/role-assignment-form';
import { RecoveryCard } from './_components/recovery-card';
import { guardPage } from '@/lib/http/page-guard';

export const metadata: Metadata = { title: 'Staff member' };

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export default async function StaffMemberPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const db = await getDb();
  const actor = await getCurrentStaff();
  const person = await guardPage(() => getStaffMember(db, actor, id));
  const [allRoles, everyone] = await guardPage(() => Promise.all([listAssignableRoles(db, actor), listStaff(db, actor)]));
  const self = person.id === actor.staff.id;
  return (
    <>
      <p className="mb-2 text-sm"><Link href="/staff" className="text-muted-foreground underline-offset-4 hover:underline">← Staff</Link></p>
      <PageHeader title={person.name || 'Staff member'} description={person.email} />
      <dl className="mb-8 grid gap-4 text-sm sm:grid-cols-4">
        <div><dt className="text-muted-foreground">Status</dt><dd>{person.status === 'active' ? <Badge variant="outline">Active</Badge> : <Badge variant="destructive">Disabled</Badge>}</dd></div>
        <div><dt className="text-muted-foreground">Passkeys</dt><dd>{person.passkeyCount === 0 ? 'None yet (invited)' : person.passkeyCount}</dd></div>
        <div><dt className="text-muted-foreground">Last sign-in (UTC)</dt><dd>{person.lastSignInAt ? when.format(person.lastSignInAt) : 'Never'}</dd></div>
        <div><dt className="text-muted-foreground">Open sessions</dt><dd>{person.openSessions}</dd></div>
      </dl>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle><h2 className="text-base font-semibold">Roles</h2></CardTitle>
            <CardDescription>
              {self ? 'Nobody can change their own roles; ask another administrator.' : 'Changes apply on their very next request.'}
            </CardDescription>
          </CardHeader>
          <CardContent>
            <RoleAssignmentForm staffId={person.id} roles={allRoles} heldRoleIds={person.roles.map((r) => r.id)} disabled={self} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle><h2 className="text-base font-semibold">Can they do it?</h2></CardTitle>
            <CardDescription>Evaluates their current permissions and names the rule that decides.</CardDescription>
          </CardHeader>
          <CardContent>
            <AccessSimulator staff={everyone.map((p) => ({ id: p.id, name: p.name }))} defaultStaffId={person.id} />
          </CardContent>
        </Card>
      </div>
      {actor.ability.can('update', 'Staff') ? <RecoveryCard db={db} staffId={person.id} staffName={person.name} self={self} /> : null}
      <div className="mt-10 grid gap-10 lg:grid-cols-2">
        <AuditTimeline targetType="staff" targetId={person.id} title="Changes to this person" />
        <AuditTimeline actorId={person.id} title="Their recent actions" />
      </div>
    </>
  );
}
