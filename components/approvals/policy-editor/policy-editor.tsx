'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { saveApprovalPolicyAction } from '@/app/(console)/approvals/actions';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { toast } from '@/components/ui/sonner';
import { Textarea } from '@/components/ui/textarea';
import { ChangeApprovers } from './change-approvers';
import { DraftPreview } from './draft-preview';
import { issuesAt, type TChange, type TDraft, type TIssues, type TRoleOption, type TRosterPerson } from './draft-types';
import { TierEditor } from './tier-editor';

type TProps = { actionType: string; basedOnVersion: number; initial: TDraft; roles: TRoleOption[]; staff: TRosterPerson[]; requesterId: string };

/** Edits a policy draft; saving opens an approval request for the change and goes to it. Server messages appear beside their fields. */
export function PolicyEditor({ actionType, basedOnVersion, initial, roles, staff }: TProps) {
  const router = useRouter();
  const [draft, setDraft] = useState<TDraft>(initial);
  const [reason, setReason] = useState('');
  const [issues, setIssues] = useState<TIssues>([]);
  const [summary, setSummary] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const change: TChange = (mutate) =>
    setDraft((d) => {
      const copy = structuredClone(d);
      mutate(copy);
      return copy;
    });

  async function save() {
    setPending(true);
    const result = await saveApprovalPolicyAction({ actionType, basedOnVersion, definition: draft, reason });
    setPending(false);
    if (!result.ok) {
      setIssues(result.issues ?? []);
      setSummary(result.issues?.length ? `The policy was not saved: ${result.issues.length} problem(s) are shown next to their fields.` : result.message);
      return;
    }
    setIssues([]);
    setSummary(null);
    toast.success('Approval request created for this policy change');
    router.push(`/approvals/${result.data.requestId}`);
  }

  return (
    <form className="grid gap-6" onSubmit={(e) => { e.preventDefault(); void save(); }} noValidate>
      {summary ? <p role="alert" className="rounded-md border border-destructive p-3 text-sm text-destructive">{summary}</p> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Expires after (hours)" error={issuesAt(issues, 'expiresInHours')}>
          <Input type="number" min={1} max={720} value={draft.expiresInHours} onChange={(e) => change((d) => { d.expiresInHours = Number(e.target.value); })} />
        </FormField>
        <label className="flex items-center gap-2 self-end text-sm">
          <input type="checkbox" checked={draft.oneStepPerPerson} onChange={(e) => change((d) => { d.oneStepPerPerson = e.target.checked; })} />
          Separation of duties: a person may sign only one step of a request
        </label>
      </div>
      {draft.tiers.map((tier, t) => (
        <TierEditor key={t} index={t} tier={tier} isLast={t === draft.tiers.length - 1} roles={roles} staff={staff} issues={issues} change={change} canRemove={draft.tiers.length > 1} />
      ))}
      <Button type="button" variant="outline" className="justify-self-start" onClick={() => change((d) => { d.tiers.unshift({ name: 'New tier', when: [{ field: 'amountMinor', op: 'gte', value: '0' }], steps: [{ name: 'Step 1', groups: [{ staffIds: [], quorum: 1 }] }] }); })}>
        Add tier (checked first)
      </Button>
      <DraftPreview draft={draft} staff={staff} />
      <ChangeApprovers actionType={actionType} basedOnVersion={basedOnVersion} draft={draft} />
      <FormField label="Reason for the change" required error={issuesAt(issues, 'reason')}>
        <Textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={500} />
      </FormField>
      <Button type="submit" loading={pending} className="justify-self-start">Save and request approval</Button>
    </form>
  );
}
