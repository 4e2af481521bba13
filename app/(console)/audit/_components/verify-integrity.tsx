'use client';
/**
 * "Verify integrity": asks the server to walk the whole chain, shows events checked / total
 * as they stream in, then the result against the last signed checkpoint — where and how the
 * chain broke when it did.
 */
import { useState } from 'react';
import { errorMessageOf, ndjsonLines } from '@/components/audit/read-stream';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import type { TVerificationMessage, TVerificationReport } from '@/lib/audit/verify/run-audit-verification';
import { verificationProgressText } from './verification-progress-text';

type TState =
  | { phase: 'idle' }
  | { phase: 'running'; checked: number; total: number; locating?: boolean }
  | { phase: 'done'; report: TVerificationReport }
  | { phase: 'error'; message: string };

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });

function checkpointText(r: TVerificationReport): string {
  if (!r.checkpoint) return 'No signed checkpoint covers these events yet.';
  const verified = r.lastCheckpoint?.verified ? 'verified' : 'NOT verified';
  return `Last signed checkpoint: event #${r.checkpoint.seq}, signed ${when.format(new Date(r.checkpoint.createdAt))} UTC with key ${r.checkpoint.keyId} — ${verified}.`;
}

function Report({ report: r }: { report: TVerificationReport }) {
  const pruned = r.prunedThrough ? ` Events up to #${r.prunedThrough} were pruned under the retention policy; the chain verifies from that signed cut.` : '';
  if (r.ok) {
    return (
      <div className="grid gap-1">
        <p><Badge variant="outline">Intact</Badge> All {r.checked} events verified (chain &ldquo;{r.chain}&rdquo;, head #{r.headSeq}).{pruned}</p>
        <p className="text-muted-foreground">{checkpointText(r)}</p>
      </div>
    );
  }
  const p = r.problem!;
  return (
    <div className="grid gap-1">
      <p><Badge variant="destructive">Broken</Badge> The chain breaks at event #{p.seq}: <strong>{p.kind}</strong>. {p.detail}.</p>
      <p className="text-muted-foreground">{r.checked} of {r.total} events verified before the break. {checkpointText(r)}{pruned}</p>
      {r.alerted ? <p>Administrators have been alerted.</p> : null}
    </div>
  );
}

export function VerifyIntegrity({ chain = 'main' }: { chain?: string }) {
  const [state, setState] = useState<TState>({ phase: 'idle' });

  async function run() {
    setState({ phase: 'running', checked: 0, total: 0 });
    try {
      const res = await fetch('/api/audit/verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chain }) });
      if (!res.ok || !res.body) return setState({ phase: 'error', message: await errorMessageOf(res) });
      for await (const line of ndjsonLines(res.body)) {
        const m = line as TVerificationMessage;
        if (m.type === 'progress') setState({ phase: 'running', checked: m.checked, total: m.total, locating: m.locating === true });
        else if (m.type === 'result') return setState({ phase: 'done', report: m.report });
        else return setState({ phase: 'error', message: m.message });
      }
      setState({ phase: 'error', message: 'The verification ended without a result.' });
    } catch {
      setState({ phase: 'error', message: 'The console could not be reached. Check your connection and try again.' });
    }
  }

  return (
    <section aria-labelledby="verify-heading" className="mb-6 grid gap-3 rounded-md border p-4 text-sm">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 id="verify-heading" className="text-base font-semibold">Integrity</h2>
          <p className="text-muted-foreground">Recomputes every hash and link and checks every signed checkpoint.</p>
        </div>
        <Button onClick={run} disabled={state.phase === 'running'}>{state.phase === 'running' ? 'Verifying…' : 'Verify integrity'}</Button>
      </div>
      {state.phase === 'running' ? (
        <div className="grid gap-1">
          <progress className="h-2 w-full" aria-label="Verification progress" max={Math.max(state.total, 1)} value={state.checked} />
          <p aria-live="polite">{verificationProgressText(state)}</p>
        </div>
      ) : null}
      <div role="status" aria-label="Verification result">
        {state.phase === 'done' ? <Report report={state.report} /> : null}
        {state.phase === 'error' ? <p className="text-destructive">{state.message}</p> : null}
      </div>
    </section>
  );
}
