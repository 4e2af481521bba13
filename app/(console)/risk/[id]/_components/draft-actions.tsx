'use client';
/** The draft's actions after editing: backtest it (chunked, with a progress bar) and submit it for approval. */
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { toast } from '@/components/ui/sonner';
import { Textarea } from '@/components/ui/textarea';
import type { TActionResult } from '@/lib/http/action-result';
import type { TBacktestChunk, TBacktestExample } from '@/lib/risk/rule-sets/backtest-risk-rule-set';

const DECISIONS = ['allow', 'review', 'decline'] as const;

type TProps = { id: string; run: (input: unknown) => Promise<TActionResult<TBacktestChunk>> };
type TState = { total: number; evaluated: number; moves: Record<string, number>; examples: TBacktestExample[]; done: boolean };

/** Drives the chunked backtest, adds the chunks up and draws the progress bar. */
export function BacktestPanel({ id, run }: TProps) {
  const [days, setDays] = useState('30');
  const [state, setState] = useState<TState | null>(null);
  const [running, setRunning] = useState(false);

  async function start() {
    setRunning(true);
    let acc: TState = { total: 0, evaluated: 0, moves: {}, examples: [], done: false };
    setState(acc);
    let cursor: string | null = null;
    let until: string | null = null;
    for (;;) {
      const r: TActionResult<TBacktestChunk> = await run({ id, days: Number(days), cursor, until });
      if (!r.ok) {
        toast.error(r.message);
        break;
      }
      const c = r.data;
      const moves = { ...acc.moves };
      for (const [k, n] of Object.entries(c.moves)) moves[k] = (moves[k] ?? 0) + n;
      acc = { total: c.total ?? acc.total, evaluated: acc.evaluated + c.evaluated, moves, examples: [...acc.examples, ...c.examples].slice(0, 30), done: c.done };
      setState(acc);
      if (c.done) break;
      cursor = c.cursor;
      until = c.until;
    }
    setRunning(false);
  }

  const pct = state && state.total > 0 ? Math.round((100 * state.evaluated) / state.total) : state?.done ? 100 : 0;
  const moved = state ? Object.entries(state.moves).filter(([k]) => k.split('->')[0] !== k.split('->')[1]).reduce((a, [, n]) => a + n, 0) : 0;
  return (
    <section aria-labelledby="backtest-heading" className="grid gap-3">
      <h2 id="backtest-heading" className="text-lg font-semibold">Backtest</h2>
      <p className="text-sm text-muted-foreground">Re-scores stored transactions with the rules in force and with this draft, and shows how decisions would move.</p>
      <form className="flex flex-wrap items-end gap-3" onSubmit={(e) => { e.preventDefault(); void start(); }}>
        <FormField label="Days of history">
          <Input type="number" min={1} max={90} value={days} onChange={(e) => setDays(e.target.value)} className="w-28" />
        </FormField>
        <Button type="submit" disabled={running}>{running ? 'Backtesting…' : 'Run backtest'}</Button>
      </form>
      {state ? (
        <div className="grid gap-3">
          <div role="progressbar" aria-label="Backtest progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} className="h-2 w-full max-w-xl overflow-hidden rounded bg-muted">
            <div className="h-full bg-primary transition-all" style={{ width: `${pct}%` }} />
          </div>
          <p role="status" className="text-sm">
            {state.evaluated} of {state.total} transactions scored{state.done ? ` — ${moved} would change decision.` : '…'}
          </p>
          {state.done ? <MovesTable moves={state.moves} /> : null}
          {state.done && state.examples.length ? <Examples examples={state.examples} /> : null}
        </div>
      ) : null}
    </section>
  );
}

function MovesTable({ moves }: { moves: Record<string, number> }) {
  return (
    <table className="w-full max-w-xl text-sm">
      <caption className="mb-1 text-left text-muted-foreground">Rows: decision now; columns: decision with this draft</caption>
      <thead>
        <tr>
          <th scope="col" className="text-left">Now \ Draft</th>
          {DECISIONS.map((d) => <th key={d} scope="col" className="text-right">{d}</th>)}
        </tr>
      </thead>
      <tbody>
        {DECISIONS.map((from) => (
          <tr key={from} className="border-t">
            <th scope="row" className="text-left font-medium">{from}</th>
            {DECISIONS.map((to) => <td key={to} className={`text-right tabular-nums ${from !== to && moves[`${from}->${to}`] ? 'font-semibold' : ''}`}>{moves[`${from}->${to}`] ?? 0}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Examples({ examples }: { examples: TBacktestExample[] }) {
  return (
    <div className="grid gap-1 text-sm">
      <h3 className="font-medium">Examples</h3>
      <ul className="grid gap-1">
        {examples.map((e) => (
          <li key={e.transactionId}>
            <span className="font-mono text-xs">{e.externalId}</span>: {e.amountMinor} {e.currency} (minor units), {e.from} ({e.scoreFrom}) → {e.to} ({e.scoreTo}); {e.factorCodes.join(', ') || 'no factors'}
          </li>
        ))}
      </ul>
    </div>
  );
}

type TSubmitProps = { id: string; disabled: boolean; submit: (input: unknown) => Promise<TActionResult<{ approvalRequestId: string }>> };

/** Opens the approval request; the rules change only when it is approved and executed. */
export function SubmitForApproval({ id, disabled, submit }: TSubmitProps) {
  const router = useRouter();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [requestId, setRequestId] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <section aria-labelledby="submit-heading" className="grid max-w-2xl gap-3">
      <h2 id="submit-heading" className="text-lg font-semibold">Submit for approval</h2>
      <p className="text-sm text-muted-foreground">A compliance officer other than you approves it with a passkey; until then nothing changes.</p>
      <form
        className="grid gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          start(async () => {
            const r = await submit({ id, reason });
            if (!r.ok) {
              setError(r.issues?.map((i) => i.message).join('; ') ?? r.message);
              return void toast.error(r.message);
            }
            setError(undefined);
            setRequestId(r.data.approvalRequestId);
            toast.success('Submitted for approval');
            router.refresh();
          });
        }}
      >
        <FormField label="Reason for the change" error={error} required>
          <Textarea value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} rows={3} required />
        </FormField>
        <div>
          <Button type="submit" disabled={pending || disabled}>
            {pending ? 'Submitting…' : 'Submit for approval'}
          </Button>
        </div>
      </form>
      {requestId ? (
        <p role="status" className="text-sm">
          Approval request opened: <Link className="underline underline-offset-4" href={`/approvals/${requestId}`}>view it</Link>.
        </p>
      ) : null}
    </section>
  );
}
