import Link from 'next/link';
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { TApprovalListItem } from '@/lib/approvals/types';
import { ApprovalStatusBadge } from './status-badge';

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export function ApprovalTable({ items, caption }: { items: TApprovalListItem[]; caption: string }) {
  return (
    <Table>
      <TableCaption className="sr-only">{caption}</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHead scope="col">Request</TableHead>
          <TableHead scope="col">Type</TableHead>
          <TableHead scope="col">Requester</TableHead>
          <TableHead scope="col">Status</TableHead>
          <TableHead scope="col">Step</TableHead>
          <TableHead scope="col">Created (UTC)</TableHead>
          <TableHead scope="col">Expires (UTC)</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {items.map((r) => (
          <TableRow key={r.id}>
            <TableCell className="max-w-md">
              <Link href={`/approvals/${r.id}`} className="line-clamp-2 font-medium underline-offset-4 hover:underline">{r.summary}</Link>
            </TableCell>
            <TableCell>{r.actionLabel}</TableCell>
            <TableCell>{r.requester.name}</TableCell>
            <TableCell><ApprovalStatusBadge status={r.status} /></TableCell>
            <TableCell>{r.status === 'pending' ? r.currentStep + 1 : '—'}</TableCell>
            <TableCell>{when.format(new Date(r.createdAt))}</TableCell>
            <TableCell>{when.format(new Date(r.expiresAt))}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
