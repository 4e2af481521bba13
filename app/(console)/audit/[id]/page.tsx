import type { Metadata } from 'next';
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { getAuditEvent } from '@/lib/audit/browse/get-audit-event';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { guardPage } from '@/lib/http/page-guard';
import { AuditTable, deviceText, placeText } from '../_components/audit-table';

export const metadata: Metadata = { title: 'Audit event' };

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'long', timeZone: 'UTC' });

function Json({ label, value }: { label: string; value: unknown }) {
  if (value === null || value === undefined) return null;
  return (
    <div>
      <h3 className="mb-1 text-sm font-medium">{label}</h3>
      <pre className="overflow-x-auto rounded-md bg-muted p-3 text-xs" tabIndex={0} aria-label={label}>{JSON.stringify(value, null, 2)}</pre>
    </div>
  );
}

export default async function AuditEventPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const e = await guardPage(async () => getAuditEvent(await getDb(), await getCurrentStaff(), id));
  const fields: [string, React.ReactNode][] = [
    ['Time (UTC)', when.format(e.occurredAt)],
    ['Actor', e.actor.type === 'staff' ? (e.actor.name ?? e.actor.id) : e.actor.type],
    ['Action', `${e.label} (${e.action})`],
    ['Target', e.target ? `${e.target.type} ${e.target.id}` : '—'],
    ['Result', <Badge key="r" variant={e.result === 'success' ? 'outline' : 'destructive'}>{e.result}</Badge>],
    ['Reason', e.reason ?? '—'],
    ['IP', e.ip ?? '—'],
    ['Place', placeText(e.place)],
    ['Device', deviceText(e.device)],
    ['Authenticator', typeof e.authenticator?.model === 'string' ? e.authenticator.model : '—'],
    ['Request id', e.requestId ?? '—'],
    ['Session', e.sessionId ?? '—'],
  ];
  const linkState = e.link.hashOk && e.link.linkOk !== false;
  return (
    <>
      <p className="mb-2 text-sm"><Link href="/audit" className="text-muted-foreground underline-offset-4 hover:underline">← Audit log</Link></p>
      <PageHeader title={`Event #${e.seq}`} description={`${e.label} · chain ${e.chain}`} />
      <dl className="mb-8 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2 lg:grid-cols-3">
        {fields.map(([k, v]) => (
          <div key={k}><dt className="text-muted-foreground">{k}</dt><dd className="break-all">{v}</dd></div>
        ))}
      </dl>
      <Card className="mb-8">
        <CardHeader><CardTitle><h2 className="text-base font-semibold">Chain position</h2></CardTitle></CardHeader>
        <CardContent className="grid gap-2 text-sm">
          <p role="status" aria-label="Link check">
            {linkState ? <Badge variant="outline">Link intact</Badge> : <Badge variant="destructive">Link broken</Badge>}{' '}
            {e.link.hashOk ? 'The stored hash matches the event content.' : 'The stored hash does not match the event content.'}{' '}
            {e.link.linkOk === null ? 'The previous event is no longer present.' : e.link.linkOk ? 'The previous event’s hash matches.' : 'The previous event’s hash does not match.'}
          </p>
          <p className="break-all font-mono text-xs">hash {e.link.hash ?? 'withheld'}</p>
          <p className="break-all font-mono text-xs">prev {e.link.prevHash ?? 'withheld'}</p>
          {e.link.hash === null || e.link.prevHash === null ? (
            <p className="text-muted-foreground">
              Hash values are withheld because they cover fields your role hides (IP, place, reason or details): anyone could test a guess against them. The checks above were still made in full.
            </p>
          ) : null}
        </CardContent>
      </Card>
      <section aria-labelledby="changes-heading" className="mb-8 grid gap-4">
        <h2 id="changes-heading" className="text-lg font-semibold">Details</h2>
        <Json label="Data" value={e.data} />
        <Json label="Before" value={e.before} />
        <Json label="After" value={e.after} />
      </section>
      {(['sameRequest', 'sameTarget', 'sameSession'] as const).map((k) =>
        e.related[k].length ? (
          <section key={k} aria-labelledby={`rel-${k}`} className="mb-8">
            <h2 id={`rel-${k}`} className="mb-3 text-lg font-semibold">
              {k === 'sameRequest' ? 'Same request' : k === 'sameTarget' ? 'Same target' : 'Same session'}
            </h2>
            <AuditTable events={e.related[k]} caption={`Related events: ${k}`} />
          </section>
        ) : null,
      )}
    </>
  );
}
