import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { formatMinor } from '@/lib/review/money';
import type { TReviewDashboard } from '@/lib/review/review-dashboard';
import { describeSla } from '@/lib/review/sla';
import { VolumeChart } from './volume-chart';

const STATUS: Record<string, string> = { frozen: 'Waiting', in_review: 'In review', escalated: 'Escalated' };
const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

function Counts({ title, items }: { title: string; items: { key: string; label: string; count: number }[] }) {
  return (
    <Card>
      <CardHeader><CardTitle><h3 className="text-sm font-semibold">{title}</h3></CardTitle></CardHeader>
      <CardContent>
        <ul className="flex flex-col gap-1 text-sm">
          {items.length === 0 ? <li className="text-muted-foreground">None open.</li> : items.map((i) => (
            <li key={i.key} className="flex justify-between gap-4"><span>{i.label}</span><span className="tabular-nums font-medium" data-count={i.key}>{i.count}</span></li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}

/** The review part of the Overview: open work, the oldest item, SLA breaches, the 14-day trend, my items. */
export function ReviewSummary({ board }: { board: TReviewDashboard }) {
  return (
    <section aria-labelledby="review-heading" className="mb-8 flex flex-col gap-4">
      <h2 id="review-heading" className="text-lg font-semibold">Review queue</h2>
      <div className="grid gap-4 md:grid-cols-4">
        <Counts title="Open by status" items={board.byStatus.map((s) => ({ key: s.status, label: STATUS[s.status] ?? s.status, count: s.count }))} />
        <Counts title="Open by risk level" items={board.byLevel.map((l) => ({ key: l.level, label: l.level, count: l.count }))} />
        <Card>
          <CardHeader><CardTitle><h3 className="text-sm font-semibold">SLA breaches</h3></CardTitle></CardHeader>
          <CardContent>
            <Link href="/transactions?sla=overdue" className="text-2xl font-semibold tabular-nums underline-offset-4 hover:underline" aria-label={`${board.slaBreaches} overdue items`}>{board.slaBreaches}</Link>
            <p className="text-xs text-muted-foreground">open items past their deadline</p>
          </CardContent>
        </Card>
        <Card>
          <CardHeader><CardTitle><h3 className="text-sm font-semibold">Oldest waiting</h3></CardTitle></CardHeader>
          <CardContent className="text-sm">
            {board.oldestFrozen ? <Link href={`/transactions/${board.oldestFrozen.id}`} className="underline underline-offset-4">{board.oldestFrozen.reference}</Link> : <span className="text-muted-foreground">Nothing waiting.</span>}
            {board.oldestFrozen ? <p className="text-xs text-muted-foreground">since {when.format(board.oldestFrozen.receivedAt)} UTC</p> : null}
          </CardContent>
        </Card>
      </div>
      <Card>
        <CardHeader><CardTitle><h3 className="text-sm font-semibold">Last 14 days: volume, freeze and decline rates</h3></CardTitle></CardHeader>
        <CardContent>
          <VolumeChart data={board.daily} />
          <details className="mt-2 text-sm">
            <summary className="cursor-pointer">Figures as a table</summary>
            <table className="mt-2 w-full text-left text-xs">
              <caption className="sr-only">Daily volume, frozen and declined rates</caption>
              <thead><tr><th scope="col">Day</th><th scope="col">Transactions</th><th scope="col">Frozen %</th><th scope="col">Declined %</th></tr></thead>
              <tbody>{board.daily.map((d) => <tr key={d.day}><td>{d.day}</td><td>{d.total}</td><td>{d.freezeRate}</td><td>{d.declineRate}</td></tr>)}</tbody>
            </table>
          </details>
        </CardContent>
      </Card>
      <Card>
        <CardHeader><CardTitle><h3 className="text-sm font-semibold">Assigned to me</h3></CardTitle></CardHeader>
        <CardContent>
          <ul className="flex flex-col gap-1 text-sm" aria-label="My assigned items">
            {board.mine.length === 0 ? <li className="text-muted-foreground">Nothing assigned to you.</li> : board.mine.map((m) => (
              <li key={m.id} className="flex flex-wrap items-center gap-2">
                <Link href={`/transactions/${m.id}`} className="font-mono text-xs underline underline-offset-4">{m.reference}</Link>
                <span>{formatMinor(m.amountMinor, m.currency)}</span>
                <Badge variant={m.sla.state === 'overdue' ? 'destructive' : 'secondary'}>{describeSla(m.sla) ?? m.status}</Badge>
              </li>
            ))}
          </ul>
        </CardContent>
      </Card>
    </section>
  );
}
