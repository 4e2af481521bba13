import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { TAuditBrowseRow } from '@/lib/audit/browse/audit-event-dto';

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });

function relative(date: Date, now: Date): string {
  const s = Math.round((now.getTime() - date.getTime()) / 1000);
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}

export function placeText(place: Record<string, unknown> | null): string {
  if (!place) return '—';
  if (typeof place.country === 'string') return place.country;
  if (typeof place.label === 'string') return place.label;
  return '—';
}

export function deviceText(device: Record<string, unknown> | null): string {
  if (!device) return '—';
  return [device.browser, device.os].filter((v) => typeof v === 'string' && v).join(' on ') || String(device.deviceType ?? '—');
}

const RESULT_VARIANT = { success: 'outline', denied: 'destructive', failure: 'secondary' } as const;

/** Audit events as a table: time, actor, action in words, target, result, IP, place, device. */
export function AuditTable({ events, caption }: { events: TAuditBrowseRow[]; caption: string }) {
  const now = new Date();
  return (
    <Table>
      <caption className="sr-only">{caption}</caption>
      <TableHeader>
        <TableRow>
          <TableHead scope="col">Time (UTC)</TableHead>
          <TableHead scope="col">Actor</TableHead>
          <TableHead scope="col">Action</TableHead>
          <TableHead scope="col">Target</TableHead>
          <TableHead scope="col">Result</TableHead>
          <TableHead scope="col">IP</TableHead>
          <TableHead scope="col">Place</TableHead>
          <TableHead scope="col">Device</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {events.map((e) => (
          <TableRow key={e.id}>
            <TableCell className="whitespace-nowrap">
              <Link href={`/audit/${e.id}`} className="underline-offset-4 hover:underline">{when.format(e.occurredAt)}</Link>
              <span className="block text-xs text-muted-foreground">{relative(e.occurredAt, now)} · #{e.seq}</span>
            </TableCell>
            <TableCell>{e.actor.type === 'staff' ? (e.actor.name ?? e.actor.id) : e.actor.type}</TableCell>
            <TableCell>{e.label}</TableCell>
            <TableCell className="font-mono text-xs">{e.target ? `${e.target.type} ${e.target.id.slice(0, 8)}` : '—'}</TableCell>
            <TableCell><Badge variant={RESULT_VARIANT[e.result]}>{e.result}</Badge></TableCell>
            <TableCell className="font-mono text-xs">{e.ip ?? '—'}</TableCell>
            <TableCell>{placeText(e.place)}</TableCell>
            <TableCell>{deviceText(e.device)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
