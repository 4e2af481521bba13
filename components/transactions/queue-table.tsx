'use client';
import Link from 'next/link';
import { useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { TDecision } from '@/lib/review/decision-codes';
import { claimTransactionAction, releaseClaimAction } from '@/app/(console)/transactions/actions';
import { BulkBar } from './bulk-bar';
import { DecisionDialog } from './decision-dialog';
import type { TQueueRowView } from './queue-view';
import { ShortcutsHelp } from './shortcuts-help';
import { useReviewCommands } from './use-review-commands';
import { useShortcuts } from './use-shortcuts';

const LEVEL = { low: 'secondary', medium: 'warning', high: 'destructive', critical: 'destructive' } as const;
const SLA = { overdue: 'destructive', due_soon: 'warning', on_time: 'secondary' } as const;
const STATUS: Record<string, string> = { frozen: 'Waiting', in_review: 'In review', escalated: 'Escalated', released: 'Released', declined: 'Declined' };

/** The queue table with selection, bulk actions and the j/k/c/n/r/d/e/? shortcuts. */
export function QueueTable({ rows, reviewers, canAssign }: { rows: TQueueRowView[]; reviewers: { id: string; name: string }[]; canAssign: boolean }) {
  const [focus, setFocus] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [helpOpen, setHelpOpen] = useState(false);
  const [deciding, setDeciding] = useState<{ row: TQueueRowView; decision: TDecision } | null>(null);
  const current = rows[focus];

  function move(delta: number) {
    const next = Math.min(rows.length - 1, Math.max(0, focus + delta));
    setFocus(next);
    document.getElementById(`row-${rows[next]?.id}`)?.focus();
  }
  const { run, next } = useReviewCommands();
  const claim = (row?: TQueueRowView) => row && void run(`Claimed ${row.reference}.`, () => claimTransactionAction({ transactionId: row.id, version: row.version }));
  const decide = (decision: TDecision) => current && setDeciding({ row: current, decision });
  useShortcuts({ j: () => move(1), k: () => move(-1), c: () => claim(current), n: () => void next(), r: () => decide('release'), d: () => decide('decline'), e: () => decide('escalate'), '?': () => setHelpOpen(true) });

  const toggle = (id: string) => setSelected((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <Button type="button" onClick={() => void next()}>Next unassigned</Button>
        <ShortcutsHelp open={helpOpen} onOpenChange={setHelpOpen} />
        <BulkBar ids={[...selected]} reviewers={reviewers} canAssign={canAssign} onDone={() => setSelected(new Set())} />
      </div>
      <Table scrollLabel="Review queue">
        <TableHeader>
          <TableRow>
            <TableHead><input type="checkbox" aria-label="Select all on this page" checked={allSelected} onChange={() => setSelected(allSelected ? new Set() : new Set(rows.map((r) => r.id)))} /></TableHead>
            <TableHead>Reference</TableHead>
            <TableHead>Amount</TableHead>
            <TableHead>Merchant</TableHead>
            <TableHead>Risk</TableHead>
            <TableHead>Status</TableHead>
            <TableHead>SLA</TableHead>
            <TableHead>Assignee</TableHead>
            <TableHead>Received</TableHead>
            <TableHead><span className="sr-only">Actions</span></TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row, i) => (
            <TableRow key={row.id} id={`row-${row.id}`} tabIndex={-1} aria-current={i === focus ? 'true' : undefined} data-state={selected.has(row.id) ? 'selected' : undefined} className={i === focus ? 'bg-muted/60 outline-none ring-2 ring-inset ring-ring' : 'outline-none'} onFocus={() => setFocus(i)}>
              <TableCell><input type="checkbox" aria-label={`Select ${row.reference}`} checked={selected.has(row.id)} onChange={() => toggle(row.id)} /></TableCell>
              <TableCell><Link href={`/transactions/${row.id}`} className="font-mono text-xs underline-offset-4 hover:underline">{row.reference}</Link></TableCell>
              <TableCell className="tabular-nums">{row.amount}</TableCell>
              <TableCell>{row.merchant} <span className="text-muted-foreground">({row.country})</span></TableCell>
              <TableCell><Badge variant={LEVEL[row.level]}>{row.level} · {row.score}</Badge></TableCell>
              <TableCell>{STATUS[row.status] ?? row.status}</TableCell>
              <TableCell>{row.sla.text ? <Badge variant={SLA[row.sla.state as keyof typeof SLA] ?? 'secondary'}>{row.sla.text}</Badge> : '—'}</TableCell>
              <TableCell>{row.assignee ?? <span className="text-muted-foreground">Unassigned</span>}</TableCell>
              <TableCell className="whitespace-nowrap text-xs">{row.received}</TableCell>
              <TableCell>
                {!row.assignee && (row.status === 'frozen' || row.status === 'escalated') ? (
                  <Button type="button" size="sm" variant="outline" aria-label={`Claim ${row.reference}`} onClick={() => claim(row)}>Claim</Button>
                ) : row.mine ? (
                  <Button type="button" size="sm" variant="ghost" aria-label={`Release claim on ${row.reference}`} onClick={() => void run('Claim released.', () => releaseClaimAction({ transactionId: row.id, version: row.version }))}>Unclaim</Button>
                ) : null}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <DecisionDialog target={deciding ? { ...deciding.row, reference: deciding.row.reference } : null} decision={deciding?.decision ?? null} onClose={() => setDeciding(null)} />
    </div>
  );
}
