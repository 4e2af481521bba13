import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';

const selectClass = 'h-9 rounded-md border border-input bg-background px-3 text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring';
const CATEGORIES = ['auth', 'session', 'passkey', 'invite', 'staff', 'role', 'authz', 'setup', 'csp', 'audit'];

type TProps = {
  values: Record<string, string>;
  /** False when the reader's role shows no IP address: the server refuses an IP filter then. */
  canFilterIp: boolean;
  /** False when the reader's role shows no reason: free text then skips reasons. */
  searchesReason: boolean;
};

/** A plain GET form: the filter lives in the URL, so every view is a shareable link. */
export function AuditFilters({ values, canFilterIp, searchesReason }: TProps) {
  const text = (name: string, label: string, placeholder?: string) => (
    <div className="flex flex-col gap-1">
      <Label htmlFor={`f-${name}`}>{label}</Label>
      <Input id={`f-${name}`} name={name} defaultValue={values[name] ?? ''} placeholder={placeholder} autoComplete="off" />
    </div>
  );
  return (
    <form method="get" action="/audit" aria-label="Audit filters" className="mb-6 grid gap-3 sm:grid-cols-3 lg:grid-cols-4">
      <div className="flex flex-col gap-1">
        <Label htmlFor="f-category">Category</Label>
        <select id="f-category" name="category" defaultValue={values.category ?? ''} className={selectClass}>
          <option value="">Any</option>
          {CATEGORIES.map((c) => <option key={c} value={c}>{c}</option>)}
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <Label htmlFor="f-result">Result</Label>
        <select id="f-result" name="result" defaultValue={values.result ?? ''} className={selectClass}>
          <option value="">Any</option>
          <option value="success">success</option>
          <option value="denied">denied</option>
          <option value="failure">failure</option>
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <Label htmlFor="f-preset">Period</Label>
        <select id="f-preset" name="preset" defaultValue={values.preset ?? ''} className={selectClass}>
          <option value="">All time</option>
          <option value="24h">Last 24 hours</option>
          <option value="7d">Last 7 days</option>
          <option value="30d">Last 30 days</option>
        </select>
      </div>
      {text('q', 'Search', searchesReason ? 'action, reason or target id' : 'action or target id')}
      {text('actor', 'Actor id')}
      {text('targetType', 'Target type', 'e.g. staff, invite')}
      {text('targetId', 'Target id')}
      {canFilterIp ? text('ip', 'IP or CIDR', 'e.g. 203.0.113.0/24') : null}
      {text('requestId', 'Request id')}
      <div className="flex items-end gap-2">
        <Button type="submit">Apply filters</Button>
        <Button variant="outline" asChild><Link href="/audit">Clear</Link></Button>
      </div>
    </form>
  );
}
