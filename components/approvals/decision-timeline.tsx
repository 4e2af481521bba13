import { ShieldCheck, ShieldX } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { describeDevice } from '@/lib/audit/describe-device';
import { describeIpPlace, type TIpPlace } from '@/lib/audit/describe-ip-place';
import type { TApprovalRequestDto } from '@/lib/approvals/types';

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });

function placeText(place: TIpPlace | null): string {
  if (!place) return 'unknown place';
  return 'country' in place ? place.country : place.label;
}

function deviceText(userAgent: string | null): string {
  const d = describeDevice(userAgent);
  if (!d) return 'unknown device';
  return [d.browser, d.os, d.deviceType].filter(Boolean).join(' · ');
}

/** Created, then every decision: signer, time, IP, place, device, and whether the passkey signature verified. */
export async function DecisionTimeline({ request }: { request: TApprovalRequestDto }) {
  const places = await Promise.all(request.decisions.map((d) => describeIpPlace(d.ip)));
  return (
    <section aria-labelledby="timeline-heading" className="grid gap-3">
      <h2 id="timeline-heading" className="text-lg font-semibold">Timeline</h2>
      <ol className="grid gap-2 text-sm">
        <li className="rounded-md border p-3">
          <span className="font-medium">Requested by {request.requester.name}</span> · {when.format(new Date(request.createdAt))} UTC
          <p className="text-muted-foreground">Reason: {request.reason}</p>
        </li>
        {request.decisions.map((d, i) => (
          <li key={d.id} aria-label={`${d.decision === 'approve' ? 'Approval' : 'Rejection'} by ${d.signer.name}`} className="rounded-md border p-3">
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-medium">{d.decision === 'approve' ? 'Approved' : 'Rejected'} by {d.signer.name}</span>
              <span>step {d.step + 1}, version {d.requestVersion}</span>
              {d.current ? null : <Badge variant="outline">Void: the payload changed after this decision</Badge>}
              {d.signatureVerified ? (
                <Badge variant="success"><ShieldCheck aria-hidden="true" />Signature verified</Badge>
              ) : (
                <Badge variant="destructive"><ShieldX aria-hidden="true" />Signature not verified</Badge>
              )}
            </div>
            <p className="text-muted-foreground">
              {when.format(new Date(d.createdAt))} UTC ·{' '}
              {d.networkHidden ? 'IP, place and device hidden by your permissions' : `IP ${d.ip ?? 'unknown'} · ${placeText(places[i] ?? null)} · ${deviceText(d.userAgent)}`}
            </p>
            {d.comment ? <p>“{d.comment}”</p> : null}
          </li>
        ))}
        {request.executedAt ? (
          <li className="rounded-md border p-3"><span className="font-medium">Executed</span> · {when.format(new Date(request.executedAt))} UTC</li>
        ) : null}
        {request.error ? (
          <li className="rounded-md border border-destructive p-3"><span className="font-medium">Execution failed:</span> {request.error}</li>
        ) : null}
      </ol>
    </section>
  );
}
