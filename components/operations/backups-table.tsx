import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { TBackupView } from '@/lib/backup/get-operations-overview';
import { formatAge, formatBytes, formatMs, RETENTION_LABELS, utcDateTime } from './format';

/** Catalogued backups with what the retention policy does with each on the next prune. */
export function BackupsTable({ backups, now }: { backups: TBackupView[]; now: Date }) {
  return (
    <Table scrollLabel="Backups">
      <TableCaption>Backups in the catalogue, newest first. Times are UTC; retention is what the next prune does.</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHead>Taken</TableHead>
          <TableHead className="text-right">Age</TableHead>
          <TableHead className="text-right">Size</TableHead>
          <TableHead className="text-right">Duration</TableHead>
          <TableHead>Retention</TableHead>
          <TableHead>Key</TableHead>
          <TableHead>Backup id</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {backups.map((b) => (
          <TableRow key={b.id}>
            <TableCell>{utcDateTime.format(b.takenAt)}</TableCell>
            <TableCell className="text-right tabular-nums">{formatAge((now.getTime() - b.takenAt.getTime()) / 1000)}</TableCell>
            <TableCell className="text-right tabular-nums">{formatBytes(b.bytes)}</TableCell>
            <TableCell className="text-right tabular-nums">{formatMs(b.durationMs)}</TableCell>
            <TableCell>
              {b.retention.keep ? (
                <span className="flex flex-wrap gap-1">
                  {b.retention.classes.map((c) => <Badge key={c} variant="secondary">{RETENTION_LABELS[c]}</Badge>)}
                </span>
              ) : (
                <span className="flex flex-wrap items-center gap-1">
                  <Badge variant="warning">Deleted at next prune</Badge>
                  <span className="text-xs text-muted-foreground">{b.retention.reason}</span>
                </span>
              )}
            </TableCell>
            <TableCell className="font-mono text-xs">{b.keyId}</TableCell>
            <TableCell className="font-mono text-xs">{b.id}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
