import { groupMembers, type TDraft, type TRosterPerson } from './draft-types';

/** "Who could approve a request like this" under the draft: per tier, step and group, today's members. */
export function DraftPreview({ draft, staff }: { draft: TDraft; staff: TRosterPerson[] }) {
  if (staff.length === 0) return <p className="text-sm text-muted-foreground">The preview needs access to the staff list.</p>;
  return (
    <section aria-labelledby="draft-preview-heading" className="grid gap-2 rounded-md border p-3 text-sm">
      <h2 id="draft-preview-heading" className="font-semibold">Who could approve a request like this</h2>
      <p className="text-muted-foreground">The requester never counts, and by default a person signs one step only.</p>
      {draft.tiers.map((tier, t) => (
        <div key={t}>
          <p className="font-medium">{tier.name || `Tier ${t + 1}`}</p>
          <ol className="ms-4 list-decimal">
            {tier.steps.map((step, s) => (
              <li key={s}>
                {step.name || `Step ${s + 1}`}:{' '}
                {step.groups
                  .map((g) => {
                    const members = groupMembers(staff, g);
                    return `${g.quorum} of ${members.length ? members.map((m) => m.name).join(', ') : 'nobody'}`;
                  })
                  .join(' AND ')}
              </li>
            ))}
          </ol>
        </div>
      ))}
    </section>
  );
}
