import { Button } from '@/components/ui/button';
import { Label } from '@/components/ui/label';
import { APPROVAL_STATUSES } from '@/db/schema';
import { STATUS_LABEL } from '@/components/approvals/status-badge';

const selectClass = 'h-9 rounded-md border border-input bg-background px-3 text-sm';

/** Plain GET form: filters live in the address, work without JavaScript and can be shared. */
export function ApprovalFilters(props: {
  tab: string;
  values: Record<string, string>;
  types: { key: string; label: string }[];
  requesters: { id: string; name: string }[];
}) {
  const v = props.values;
  return (
    <form method="get" action="/approvals" aria-label="Filter approval requests" className="mb-4 flex flex-wrap items-end gap-3">
      <input type="hidden" name="tab" value={props.tab} />
      <div className="grid gap-1">
        <Label htmlFor="filter-type">Type</Label>
        <select id="filter-type" name="type" defaultValue={v.type ?? ''} className={selectClass}>
          <option value="">Any type</option>
          {props.types.map((t) => <option key={t.key} value={t.key}>{t.label}</option>)}
        </select>
      </div>
      <div className="grid gap-1">
        <Label htmlFor="filter-status">Status</Label>
        <select id="filter-status" name="status" defaultValue={v.status ?? ''} className={selectClass}>
          <option value="">Any status</option>
          {APPROVAL_STATUSES.map((s) => <option key={s} value={s}>{STATUS_LABEL[s]}</option>)}
        </select>
      </div>
      {props.requesters.length > 0 ? (
        <div className="grid gap-1">
          <Label htmlFor="filter-requester">Requester</Label>
          <select id="filter-requester" name="requester" defaultValue={v.requester ?? ''} className={selectClass}>
            <option value="">Anyone</option>
            {props.requesters.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          </select>
        </div>
      ) : null}
      <div className="grid gap-1">
        <Label htmlFor="filter-age">Age</Label>
        <select id="filter-age" name="olderThanHours" defaultValue={v.olderThanHours ?? ''} className={selectClass}>
          <option value="">Any age</option>
          <option value="1">Older than 1 hour</option>
          <option value="24">Older than 1 day</option>
          <option value="168">Older than 7 days</option>
        </select>
      </div>
      <Button type="submit" variant="outline">Apply filters</Button>
    </form>
  );
}
