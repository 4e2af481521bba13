import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { QUEUE_AGES, QUEUE_SORTS, QUEUE_STATUSES } from '@/lib/review/queue-filter';
import { RISK_LEVELS } from '@/lib/review/review-config';

const selectClass = 'h-9 rounded-md border border-input bg-background px-3 text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring';
const STATUS_TEXT: Record<string, string> = { open: 'Open (waiting, in review, escalated)', frozen: 'Waiting', in_review: 'In review', escalated: 'Escalated', released: 'Released', declined: 'Declined', all: 'All' };

/** A plain GET form: the filter lives in the URL, so every view is a shareable link. */
export function QueueFilters({ values, reviewers }: { values: Record<string, string>; reviewers: { id: string; name: string }[] }) {
  const select = (name: string, label: string, options: [string, string][], any = 'Any') => (
    <div className="flex flex-col gap-1">
      <Label htmlFor={`q-${name}`}>{label}</Label>
      <select id={`q-${name}`} name={name} defaultValue={values[name] ?? ''} className={selectClass}>
        {any ? <option value="">{any}</option> : null}
        {options.map(([v, text]) => <option key={v} value={v}>{text}</option>)}
      </select>
    </div>
  );
  const text = (name: string, label: string, placeholder?: string, inputMode?: 'numeric' | 'decimal') => (
    <div className="flex flex-col gap-1">
      <Label htmlFor={`q-${name}`}>{label}</Label>
      <Input id={`q-${name}`} name={name} defaultValue={values[name] ?? ''} placeholder={placeholder} inputMode={inputMode} autoComplete="off" />
    </div>
  );
  return (
    <form method="get" action="/transactions" aria-label="Queue filters" className="mb-6 grid gap-3 sm:grid-cols-3 lg:grid-cols-6">
      {select('status', 'Status', QUEUE_STATUSES.filter((s) => s !== 'open').map((s) => [s, STATUS_TEXT[s] ?? s]), STATUS_TEXT.open)}
      {select('level', 'Risk level', RISK_LEVELS.map((l) => [l, l]))}
      {select('sla', 'SLA', [['overdue', 'Overdue'], ['due_soon', 'Due soon'], ['on_time', 'On time']])}
      {select('age', 'Age', Object.entries(QUEUE_AGES))}
      {select('assignee', 'Assignee', [['me', 'Me'], ['none', 'Unassigned'], ...reviewers.map((r): [string, string] => [r.id, r.name])])}
      {select('sort', 'Sort', Object.entries(QUEUE_SORTS), '')}
      {text('scoreMin', 'Score from', '0', 'numeric')}
      {text('scoreMax', 'Score to', '100', 'numeric')}
      {text('currency', 'Currency', 'EUR')}
      {text('amountMin', 'Amount from', '0.00', 'decimal')}
      {text('amountMax', 'Amount to', '', 'decimal')}
      {text('country', 'Merchant country', 'FR')}
      {text('merchant', 'Merchant', 'name contains')}
      <div className="flex items-end gap-2">
        <Button type="submit">Apply filters</Button>
        <Button variant="outline" asChild><Link href="/transactions">Clear</Link></Button>
      </div>
    </form>
  );
}
