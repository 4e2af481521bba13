import Link from 'next/link';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import type { TDb } from '@/db/types';
import { getStaffRecoveryState } from '@/lib/staff/request-passkey-recovery';
import { RecoveryLinkButton } from './recovery-link-button';
import { RecoveryRequestDialog } from './recovery-request-dialog';

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** Passkey recovery for someone who lost every passkey: request it, follow the approval, issue the link. */
export async function RecoveryCard({ db, staffId, staffName, self }: { db: TDb; staffId: string; staffName: string; self: boolean }) {
  const state = await getStaffRecoveryState(db, staffId);
  return (
    <Card className="mt-6">
      <CardHeader>
        <CardTitle><h2 className="text-base font-semibold">Passkey recovery</h2></CardTitle>
        <CardDescription>For someone who lost every passkey. Two administrators must approve; their old passkeys and sessions are then revoked.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-3 text-sm">
        {state.awaitingLink ? (
          <>
            <p>
              Recovery was approved and executed (<Link className="underline underline-offset-4" href={`/approvals/${state.awaitingLink.requestId}`}>approval request</Link>).{' '}
              {state.awaitingLink.expiresAt ? `A link was issued; it expires ${when.format(state.awaitingLink.expiresAt)} UTC.` : 'No link has been issued yet.'}
            </p>
            <RecoveryLinkButton requestId={state.awaitingLink.requestId} reissue={state.awaitingLink.issuedAt !== null} />
          </>
        ) : state.open ? (
          <p>
            A recovery request is waiting for approval: <Link className="underline underline-offset-4" href={`/approvals/${state.open.requestId}`}>view approval request</Link>.
          </p>
        ) : self ? (
          <p className="text-muted-foreground">Ask another administrator to request recovery of your own passkeys.</p>
        ) : (
          <div><RecoveryRequestDialog staffId={staffId} staffName={staffName} /></div>
        )}
      </CardContent>
    </Card>
  );
}
