import type { Metadata } from 'next';
import { Badge } from '@/components/ui/badge';
import { PageHeader } from '@/components/ui/page-header';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { getDb } from '@/db/client';
import { authenticatorModel } from '@/lib/audit/authenticator-models';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { listMyPasskeys } from '@/lib/auth/manage-passkeys';
import { listMySessions } from '@/lib/auth/my-sessions';
import { AddPasskeyButton } from './_components/add-passkey-button';
import { PasskeyActions } from './_components/passkey-actions';
import { SessionActions, SignOutEverywhereElse } from './_components/session-actions';

export const metadata: Metadata = { title: 'Security' };

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export default async function SecurityPage() {
  const db = await getDb();
  const actor = await getCurrentStaff();
  const [keys, sessions] = await Promise.all([listMyPasskeys(db, actor), listMySessions(db, actor)]);
  return (
    <>
      <PageHeader title="Security" description="Your passkeys and where you are signed in. Times are UTC." />
      <section aria-labelledby="passkeys-heading" className="mb-10">
        <div className="mb-3 flex items-center justify-between gap-4">
          <h2 id="passkeys-heading" className="text-lg font-semibold">Passkeys</h2>
          <AddPasskeyButton />
        </div>
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead scope="col">Name</TableHead>
              <TableHead scope="col">Authenticator</TableHead>
              <TableHead scope="col">Type</TableHead>
              <TableHead scope="col">Created</TableHead>
              <TableHead scope="col">Last used</TableHead>
              <TableHead scope="col"><span className="sr-only">Actions</span></TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {keys.map((k) => (
              <TableRow key={k.id}>
                <TableCell className="font-medium">
                  {k.name} {k.current ? <Badge variant="secondary">This sign-in</Badge> : null}{' '}
                  {k.suspended ? <Badge variant="destructive">Suspended</Badge> : null}
                </TableCell>
                <TableCell>{authenticatorModel(k.aaguid)}</TableCell>
                <TableCell>{k.synced ? 'Synced' : 'Device-bound'}</TableCell>
                <TableCell>{when.format(k.createdAt)}</TableCell>
                <TableCell>{k.lastUsedAt ? when.format(k.lastUsedAt) : 'Never'}</TableCell>
                <TableCell className="text-right">
                  <PasskeyActions passkeyId={k.id} name={k.name} canRemove={keys.length > 1} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </section>
      <section aria-labelledby="sessions-heading">
        <div className="mb-3 flex items-center justify-between gap-4">
          <h2 id="sessions-heading" className="text-lg font-semibold">Sessions</h2>
          <SignOutEverywhereElse disabled={sessions.length <= 1} />
        </div>
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead scope="col">Device</TableHead>
              <TableHead scope="col">IP address</TableHead>
              <TableHead scope="col">Place</TableHead>
              <TableHead scope="col">Signed in</TableHead>
              <TableHead scope="col">Last seen</TableHead>
              <TableHead scope="col"><span className="sr-only">Actions</span></TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {sessions.map((s) => (
              <TableRow key={s.id}>
                <TableCell className="font-medium">{s.device} {s.current ? <Badge variant="secondary">This session</Badge> : null}</TableCell>
                <TableCell className="font-mono text-xs">{s.ip ?? 'Unknown'}</TableCell>
                <TableCell>{s.place}</TableCell>
                <TableCell>{when.format(s.createdAt)}</TableCell>
                <TableCell>{when.format(s.lastSeenAt)}</TableCell>
                <TableCell className="text-right">{s.current ? null : <SessionActions sessionId={s.id} device={s.device} />}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </section>
    </>
  );
}
