'use client';
import { useState, type FormEvent } from 'react';
import { simulateAccessAction } from '@/app/(console)/staff/actions';
import { ErrorAlert } from '@/components/common/error-alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { ACTION_NAMES, SUBJECT_NAMES } from '@/lib/permissions/vocabulary';

type TResult = { allowed: boolean; reason: string; conditional: boolean; staffName: string; roleKeys: string[] };

const selectClass = 'h-9 rounded-md border border-input bg-background px-3 text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring';

/** "Can X do Y?": asks the server to evaluate a person's current ability and explain the decision. */
export function AccessSimulator({ staff, defaultStaffId }: { staff: { id: string; name: string }[]; defaultStaffId?: string }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<TResult | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const r = await simulateAccessAction({
      staffId: form.get('staffId'),
      action: form.get('action'),
      subject: form.get('subject'),
      recordId: form.get('recordId') ?? '',
    });
    setPending(false);
    if (r.ok) setResult(r.data);
    else {
      setResult(null);
      setError(r.message);
    }
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4" aria-label="Access simulator">
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="flex flex-col gap-2">
          <Label htmlFor="sim-staff">Staff member</Label>
          <select id="sim-staff" name="staffId" defaultValue={defaultStaffId} className={selectClass}>
            {staff.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor="sim-action">Action</Label>
          <select id="sim-action" name="action" className={selectClass}>
            {ACTION_NAMES.map((a) => <option key={a} value={a}>{a}</option>)}
          </select>
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor="sim-subject">Subject</Label>
          <select id="sim-subject" name="subject" className={selectClass}>
            {SUBJECT_NAMES.filter((s) => s !== 'all').map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor="sim-record">Record id (optional)</Label>
          <Input id="sim-record" name="recordId" placeholder="UUID of a concrete record" autoComplete="off" />
        </div>
      </div>
      <div>
        <Button type="submit" variant="outline" loading={pending}>Check access</Button>
      </div>
      <ErrorAlert message={error} />
      {result ? (
        <div role="status" aria-label="Access decision" className="flex flex-col gap-2 rounded-md border p-3 text-sm">
          <div className="flex items-center gap-2">
            <Badge variant={result.allowed ? 'secondary' : 'destructive'}>{result.allowed ? (result.conditional ? 'Allowed (conditional)' : 'Allowed') : 'Denied'}</Badge>
            <span className="font-medium">{result.staffName}</span>
            <span className="text-muted-foreground">roles: {result.roleKeys.join(', ') || 'none'}</span>
          </div>
          <p>{result.reason}</p>
        </div>
      ) : null}
    </form>
  );
}
