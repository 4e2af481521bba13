import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import type { TAuditBrowseRow } from '@/lib/audit/browse/audit-event-dto';

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });

/** What happened to the transaction, oldest first, from the audit log (claims, notes, decisions, reveals). */
export function TransactionTimeline({ events }: { events: TAuditBrowseRow[] }) {
  if (events.length === 0) return <p className="text-sm text-muted-foreground">No recorded actions yet.</p>;
  return (
    <ol className="flex flex-col gap-2 border-l pl-4" aria-label="Timeline">
      {[...events].reverse().map((e) => (
        <li key={e.id} className="text-sm">
          <span className="font-medium">{e.label}</span>{' '}
          <span className="text-muted-foreground">by {e.actor.name ?? e.actor.type} · {when.format(e.occurredAt)} UTC</span>{' '}
          {e.result !== 'success' ? <Badge variant="destructive">{e.result}</Badge> : null}
          {e.reason ? <span className="block text-xs text-muted-foreground">Reason: {e.reason}</span> : null}
          <Link href={`/audit/${e.id}`} className="ml-1 text-xs underline underline-offset-4">details</Link>
        </li>
      ))}
    </ol>
  );
}
