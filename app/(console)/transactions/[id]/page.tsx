import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { AuditTimeline } from '@/components/audit/audit-timeline';
import { RevealPii } from '@/components/transactions/reveal-pii';
import { LevelBadge, SlaBadge, StatusBadge } from '@/components/transactions/review-badges';
import { NoteForm } from '@/components/transactions/note-form';
import { TransactionActions } from '@/components/transactions/transaction-actions';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { env } from '@/lib/env';
import { guardPage } from '@/lib/http/page-guard';
import { getTransactionDetail } from '@/lib/review/get-transaction-detail';
import { listReviewers } from '@/lib/review/list-reviewers';
import { formatMinor } from '@/lib/review/money';
import { releaseNeedsApproval } from '@/lib/review/review-config';

export const metadata: Metadata = { title: 'Transaction' };

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });
const OPEN = ['frozen', 'in_review', 'escalated'];

function Facts({ items }: { items: [string, ReactNode][] }) {
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
      {items.map(([k, v]) => (
        <div key={k} className="contents"><dt className="text-muted-foreground">{k}</dt><dd>{v ?? '—'}</dd></div>
      ))}
    </dl>
  );
}

export default async function TransactionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const db = await getDb();
  const actor = await getCurrentStaff();
  const d = await guardPage(() => getTransactionDetail(db, actor, id));
  // reference, merchant and card arrive masked where the actor's field rules withhold them
  const { row } = d;
  const reviewers = await listReviewers(db, actor);
  const amount = formatMinor(row.amountMinor, row.currency);
  const open = OPEN.includes(row.status);
  const mine = row.assigneeId === actor.staff.id;
  const free = !row.assigneeId || mine;
  const target = { id: row.id, version: row.version, reference: row.externalId, amount, needsApproval: releaseNeedsApproval(env().review.releaseThresholds, row.amountMinor, row.currency) };
  const can = {
    claim: open && !row.assigneeId && row.status !== 'in_review' && d.can.review,
    unclaim: open && Boolean(row.assigneeId) && (mine ? d.can.review : d.can.assign),
    assign: open && d.can.assign,
    release: open && free && d.can.release,
    decline: open && free && d.can.decline,
    escalate: open && free && d.can.escalate && row.status !== 'escalated',
  };
  return (
    <>
      <PageHeader
        title={`Transaction ${row.externalId}`}
        description={<>{amount} at {row.merchantName} · <StatusBadge status={row.status} /> · <LevelBadge level={row.riskLevel} score={row.riskScore} /> · <SlaBadge sla={d.sla} /> · {row.assigneeId ? `Held by ${d.assigneeName ?? 'someone'}` : 'Unassigned'}</>}
        actions={<Link href="/transactions" className="text-sm underline underline-offset-4">Back to the queue</Link>}
      />
      <div className="mb-6"><TransactionActions target={target} can={can} reviewers={reviewers} /></div>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader><CardTitle><h2 className="text-base font-semibold">Payment</h2></CardTitle></CardHeader>
          <CardContent>
            <Facts items={[
              ['Amount', amount],
              ['Merchant', `${row.merchantName} (MCC ${row.merchantCategoryCode}, ${row.merchantCountry})`],
              ['Card', <span key="card" className="font-mono">{d.card} · {row.cardBrand}</span>],
              ['Channel', row.channel],
              ['Occurred', `${when.format(row.occurredAt)} UTC`],
              ['Received', `${when.format(row.receivedAt)} UTC`],
              ['Decision', row.decisionReasonCode ? `${row.status} (${row.decisionReasonCode})` : null],
            ]} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader><CardTitle><h2 className="text-base font-semibold">Customer</h2></CardTitle></CardHeader>
          <CardContent className="flex flex-col gap-3">
            <Facts items={[['Reference', d.customer.reference], ['Name', d.customer.fields.name], ['Email', d.customer.fields.email], ['Phone', d.customer.fields.phone], ['Address', d.customer.fields.address], ['Date of birth', d.customer.fields.dateOfBirth]]} />
            {d.can.reveal ? <RevealPii transactionId={row.id} /> : null}
          </CardContent>
        </Card>
        <Card>
          <CardHeader><CardTitle><h2 className="text-base font-semibold">Risk factors</h2></CardTitle></CardHeader>
          <CardContent>
            {d.factors.length === 0 ? <p className="text-sm text-muted-foreground">No factors recorded.</p> : (
              <ul className="flex flex-col gap-2 text-sm" aria-label="Risk factors">
                {d.factors.map((f) => (
                  <li key={f.code}><span className="font-mono text-xs">{f.code}</span>{f.weight !== null ? <span className="text-muted-foreground"> (+{f.weight})</span> : null}<span className="block">{f.explanation}</span></li>
                ))}
              </ul>
            )}
            <p className="mt-2 text-xs text-muted-foreground">Score {row.riskScore} / 100, rules {row.ruleSetVersion}.</p>
          </CardContent>
        </Card>
        <Card>
          <CardHeader><CardTitle><h2 className="text-base font-semibold">Device and place</h2></CardTitle></CardHeader>
          <CardContent>
            <Facts items={[['Device', row.deviceId], ['Fingerprint', row.deviceFingerprint], ['IP address', row.ip], ['Country (geo)', row.geoCountry], ['Coordinates', row.geoLat !== null && row.geoLon !== null ? `${row.geoLat.toFixed(2)}, ${row.geoLon.toFixed(2)}` : null], ['Browser', row.userAgent]]} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader><CardTitle><h2 className="text-base font-semibold">Customer history</h2></CardTitle></CardHeader>
          <CardContent className="flex flex-col gap-3 text-sm">
            <p>Usual countries: {d.history.countries.map((c) => `${c.country} (${c.count})`).join(', ') || '—'}</p>
            <p>Devices: {d.history.devices.map((c) => `${c.device} (${c.count})`).join(', ') || '—'}</p>
            <ul aria-label="Recent transactions" className="flex flex-col gap-1">
              {d.history.recent.map((h) => (
                <li key={h.id}><Link href={`/transactions/${h.id}`} className="underline underline-offset-4">{formatMinor(h.amountMinor, h.currency)}</Link> at {h.merchantName} ({h.country}) · {h.status} · {when.format(h.occurredAt)}</li>
              ))}
              {d.history.recent.length === 0 ? <li className="text-muted-foreground">No earlier transactions.</li> : null}
            </ul>
          </CardContent>
        </Card>
        <Card>
          <CardHeader><CardTitle><h2 className="text-base font-semibold">Notes</h2></CardTitle></CardHeader>
          <CardContent className="flex flex-col gap-3">
            <ul className="flex flex-col gap-2 text-sm" aria-label="Notes">
              {d.notes.map((n) => <li key={n.id} className="whitespace-pre-wrap rounded border p-2">{n.body}<span className="block text-xs text-muted-foreground">{n.author} · {when.format(n.createdAt)} UTC</span></li>)}
              {d.notes.length === 0 ? <li className="text-muted-foreground">No notes yet.</li> : null}
            </ul>
            {d.can.review ? <NoteForm transactionId={row.id} /> : null}
          </CardContent>
        </Card>
      </div>
      <div className="mt-6">
        {/* Ingest and scoring (on the transaction's ingest chain), claims, notes, decisions, reveals and approvals, from the audit log (nothing for people who may not read it). */}
        <AuditTimeline targetType="transaction" targetId={row.id} title="Timeline" alsoChains={[d.ingestChain]} />
      </div>
    </>
  );
}
