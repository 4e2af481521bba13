import type { Metadata } from 'next';
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { PageHeader } from '@/components/ui/page-header';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { getDb } from '@/db/client';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { listPendingInvites } from '@/lib/staff/invites';
import { listAssignableRoles, listStaff } from '@/lib/staff/staff-directory';
import { InviteDialog } from './_components/invite-dialog';
import { RevokeInviteButton } from './_components/revoke-invite-button';
import { StaffStatusButton } from './_components/staff-status-button';
import { guardPage } from '@/lib/http/page-guard';

export const metadata: Metadata = { title: 'Staff' };

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export default async function StaffPage() {
  const db = await getDb();
  const actor = await getCurrentStaff();
  const [people, invites, roles] = await guardPage(() => Promise.all([listStaff(db, actor), listPendingInvites(db, actor), listAssignableRoles(db, actor)]));
  return (
    <>
      <PageHeader title="Staff" description="Who can sign in to Countersign, and pending invites." actions={<InviteDialog roles={roles} />} />
      <section aria-labelledby="people-heading" className="mb-10">
        <h2 id="people-heading" className="mb-3 text-lg font-semibold">People</h2>
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead scope="col">Name</TableHead>
              <TableHead scope="col">Email</TableHead>
              <TableHead scope="col">Roles</TableHead>
              <TableHead scope="col">Status</TableHead>
              <TableHead scope="col">Passkeys</TableHead>
              <TableHead scope="col">Last sign-in (UTC)</TableHead>
              <TableHead scope="col"><span className="sr-only">Actions</span></TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {people.map((p) => (
              <TableRow key={p.id}>
                <TableCell className="font-medium"><Link href={`/staff/${p.id}`} className="underline-offset-4 hover:underline">{p.name}</Link></TableCell>
                <TableCell>{p.email}</TableCell>
                <TableCell className="space-x-1">{p.roles.map((r) => <Badge key={r} variant="secondary">{r}</Badge>)}</TableCell>
                <TableCell>{p.status === 'active' ? <Badge variant="outline">Active</Badge> : <Badge variant="destructive">Disabled</Badge>}</TableCell>
                <TableCell>{p.passkeyCount === 0 ? <Badge variant="secondary">Invited</Badge> : p.passkeyCount}</TableCell>
                <TableCell>{p.lastSignInAt ? dateFormat.format(p.lastSignInAt) : 'Never'}</TableCell>
                <TableCell className="text-right">
                  {p.id === actor.staff.id ? <span className="text-sm text-muted-foreground">You</span> : <StaffStatusButton staffId={p.id} name={p.name} status={p.status} />}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </section>
      <section aria-labelledby="invites-heading">
        <h2 id="invites-heading" className="mb-3 text-lg font-semibold">Pending invites</h2>
        {invites.length === 0 ? (
          <p className="text-sm text-muted-foreground">No pending invites.</p>
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead scope="col">Name</TableHead>
                <TableHead scope="col">Email</TableHead>
                <TableHead scope="col">Role</TableHead>
                <TableHead scope="col">Expires (UTC)</TableHead>
                <TableHead scope="col"><span className="sr-only">Actions</span></TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {invites.map((i) => (
                <TableRow key={i.id}>
                  <TableCell className="font-medium">{i.name}</TableCell>
                  <TableCell>{i.email}</TableCell>
                  <TableCell>{i.roleName}</TableCell>
                  <TableCell>{dateFormat.format(i.expiresAt)}</TableCell>
                  <TableCell className="text-right"><RevokeInviteButton inviteId={i.id} name={i.name} /></TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>
    </>
  );
}
