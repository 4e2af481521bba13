import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { TRehearsalView } from '@/lib/backup/get-operations-overview';
import { formatAge, formatMs, utcDateTime } from './format';
import { OutcomeBadge } from './outcome-badge';

export function RehearsalHistoryTable({ history }: { history: TRehearsalView[] }) {
  return (
    <Table scrollLabel="Rehearsal history">
      <TableCaption>The last {history.length} rehearsals, newest first. Times are UTC.</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHead>Started</TableHead>
          <TableHead>Result</TableHead>
          <TableHead>Backup</TableHead>
          <TableHead className="text-right">RPO</TableHead>
          <TableHead className="text-right">RTO</TableHead>
          <TableHead>Failed step</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {history.map((h) => (
          <TableRow key={h.id}>
            <TableCell>{utcDateTime.format(h.startedAt)}</TableCell>
            <TableCell><OutcomeBadge outcome={h.outcome} /></TableCell>
            <TableCell className="font-mono text-xs">{h.backupId ?? '–'}</TableCell>
            <TableCell className="text-right tabular-nums">{h.rpoSeconds === null ? '–' : formatAge(h.rpoSeconds)}</TableCell>
            <TableCell className="text-right tabular-nums">{h.rtoMs === null ? '–' : formatMs(h.rtoMs)}</TableCell>
            <TableCell>{h.failedStep ?? '–'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
