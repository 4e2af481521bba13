import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { TRehearsalView } from '@/lib/backup/get-operations-overview';
import { formatAge, formatMs, utcDateTime } from './format';
import { CheckStatusBadge, OutcomeBadge } from './outcome-badge';

const STEP_LABELS: Record<string, string> = {
  'find-backup': 'Find newest backup',
  manifest: 'Authenticate manifest',
  checksum: 'Verify checksum',
  'scratch-database': 'Create scratch database',
  restore: 'Decrypt and restore',
  migrations: 'Migrations current',
  'audit-chain': 'Audit chain to manifest head',
  'row-counts': 'Row counts match',
  cleanup: 'Drop scratch database',
};

function Figure({ label, value, hint }: { label: string; value: string; hint: string }) {
  return (
    <div className="grid gap-1 rounded-md border p-3">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="text-xl font-semibold tabular-nums">{value}</dd>
      <dd className="text-xs text-muted-foreground">{hint}</dd>
    </div>
  );
}

/** The latest rehearsal: outcome, RPO/RTO, and each step with its time and detail. */
export function RehearsalSummary({ rehearsal }: { rehearsal: TRehearsalView }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle asChild>
          <h3 className="flex items-center gap-2">
            Latest rehearsal <OutcomeBadge outcome={rehearsal.outcome} />
          </h3>
        </CardTitle>
        <CardDescription>
          {utcDateTime.format(rehearsal.startedAt)} UTC on {rehearsal.host}
          {rehearsal.backupId ? <> · backup <span className="font-mono text-xs">{rehearsal.backupId}</span></> : null}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <p className="text-sm">{rehearsal.message}</p>
        <dl className="grid gap-3 sm:grid-cols-3">
          <Figure label="RPO (data at risk)" value={rehearsal.rpoSeconds === null ? '–' : formatAge(rehearsal.rpoSeconds)} hint="Age of the backup when the rehearsal started" />
          <Figure label="RTO (time to restore)" value={rehearsal.rtoMs === null ? '–' : formatMs(rehearsal.rtoMs)} hint="Checksum, decryption and pg_restore until usable" />
          <Figure label="Whole rehearsal" value={formatMs(rehearsal.totalMs)} hint="Including checks and clean-up" />
        </dl>
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Step</TableHead>
              <TableHead>Result</TableHead>
              <TableHead className="text-right">Time</TableHead>
              <TableHead>Detail</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rehearsal.checks.map((c) => (
              <TableRow key={c.name}>
                <TableCell className="font-medium">{STEP_LABELS[c.name] ?? c.name}</TableCell>
                <TableCell><CheckStatusBadge status={c.status} /></TableCell>
                <TableCell className="text-right tabular-nums">{formatMs(c.ms)}</TableCell>
                <TableCell className="whitespace-normal text-muted-foreground">{c.detail}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}
