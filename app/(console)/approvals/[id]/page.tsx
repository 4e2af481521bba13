import type { Metadata } from 'next';
import Link from 'next/link';
import { ApprovalStatusBadge } from '@/components/approvals/status-badge';
import { DecisionTimeline } from '@/components/approvals/decision-timeline';
import { ExpiryCountdown } from '@/components/approvals/expiry-countdown';
import { RequestActions } from '@/components/approvals/request-actions';
import { StepProgress } from '@/components/approvals/step-progress';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { getApprovalRequest } from '@/lib/approvals/get-approval-request';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { guardPage } from '@/lib/http/page-guard';

export const metadata: Metadata = { title: 'Approval request' };

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export default async function ApprovalRequestPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const db = await getDb();
  const actor = await getCurrentStaff();
  const r = await guardPage(() => getApprovalRequest(db, actor, id));
  return (
    <>
      <Link href="/approvals" className="mb-2 inline-block text-sm underline underline-offset-4">Back to approvals</Link>
      <PageHeader title={r.actionLabel} description={`Requested by ${r.requester.name} on ${when.format(new Date(r.createdAt))} UTC · policy version ${r.policyVersion} · request version ${r.version}`} />
      <div className="grid gap-8">
        <section aria-labelledby="summary-heading" className="grid gap-3">
          <div className="flex flex-wrap items-center gap-3">
            <h2 id="summary-heading" className="text-lg font-semibold">What will be executed</h2>
            <span data-testid="request-status"><ApprovalStatusBadge status={r.status} /></span>
            {r.status === 'pending' ? <span className="text-sm text-muted-foreground"><ExpiryCountdown expiresAt={r.expiresAt} /></span> : null}
          </div>
          <p className="rounded-md border bg-muted/40 p-3" data-testid="request-summary">{r.summary}</p>
          <p className="text-sm">
            <span className="font-medium">Payload hash (SHA-256):</span> <span className="font-mono text-xs break-all" data-testid="payload-hash">{r.payloadHash}</span>
          </p>
          <details className="text-sm">
            <summary className="cursor-pointer">Exact payload (version {r.version})</summary>
            <pre tabIndex={0} aria-label="Payload JSON" className="mt-2 overflow-x-auto rounded-md border p-3 text-xs">{JSON.stringify(r.payload, null, 2)}</pre>
          </details>
          {r.error ? <p role="alert" className="text-sm text-destructive">Execution failed: {r.error}</p> : null}
          <RequestActions request={r} />
        </section>
        <StepProgress tier={r.tier} steps={r.steps} />
        <DecisionTimeline request={r} />
      </div>
    </>
  );
}
