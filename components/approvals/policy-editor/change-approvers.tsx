// Client code through policy-editor.tsx (its only importer), so no directive of its own.
import { useState } from 'react';
import { previewApproversAction } from '@/app/(console)/approvals/actions';
import { Button } from '@/components/ui/button';
import type { TDraft } from './draft-types';

type TPreview = { tier: { name: string }; expiresInHours: number; steps: { name: string; groups: { label: string; quorum: number; eligible: { name: string }[] }[] }[] };

/** Who will have to approve this policy change (the approval-policy.update policy, requester excluded). */
export function ChangeApprovers({ actionType, basedOnVersion, draft }: { actionType: string; basedOnVersion: number; draft: TDraft }) {
  const [preview, setPreview] = useState<TPreview | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  async function load() {
    setPending(true);
    const result = await previewApproversAction({ actionType: 'approval-policy.update', payload: { actionType, basedOnVersion, definition: draft } });
    setPending(false);
    if (result.ok) {
      setPreview(result.data);
      setMessage(null);
    } else setMessage(result.message);
  }
  return (
    <section aria-labelledby="change-approvers-heading" className="grid gap-2 rounded-md border p-3 text-sm">
      <h2 id="change-approvers-heading" className="font-semibold">Who must approve this change</h2>
      <Button type="button" variant="outline" size="sm" className="justify-self-start" loading={pending} onClick={() => void load()}>Show eligible approvers</Button>
      {message ? <p role="alert" className="text-destructive">{message}</p> : null}
      {preview ? (
        <ol className="ms-4 list-decimal" aria-label="Eligible approvers">
          {preview.steps.map((s, i) => (
            <li key={i}>
              {s.name}: {s.groups.map((g) => `${g.quorum} of ${g.label} (${g.eligible.map((p) => p.name).join(', ') || 'nobody eligible'})`).join(' AND ')}
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
