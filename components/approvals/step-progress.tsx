import { Badge } from '@/components/ui/badge';
import type { TStepProgress } from '@/lib/approvals/types';

const STATE: Record<TStepProgress['state'], { label: string; variant: 'success' | 'warning' | 'outline' | 'secondary' }> = {
  done: { label: 'Done', variant: 'success' },
  open: { label: 'Open now', variant: 'warning' },
  waiting: { label: 'Waiting for earlier steps', variant: 'outline' },
  void: { label: 'Not needed', variant: 'secondary' },
};

const names = (people: { name: string }[]) => (people.length ? people.map((p) => p.name).join(', ') : 'nobody yet');

/** The tier's steps in order: who signed which group, what is missing, who may still sign the open step. */
export function StepProgress({ tier, steps }: { tier: { index: number; name: string }; steps: TStepProgress[] }) {
  return (
    <section aria-labelledby="steps-heading" className="grid gap-3">
      <h2 id="steps-heading" className="text-lg font-semibold">Policy tier “{tier.name}”: {steps.length} step{steps.length === 1 ? '' : 's'}, in order</h2>
      <ol className="grid gap-3">
        {steps.map((step) => (
          <li key={step.index} aria-label={`Step ${step.index + 1}: ${step.name}`} className="rounded-md border p-3 text-sm">
            <div className="mb-2 flex flex-wrap items-center gap-2">
              <span className="font-medium">Step {step.index + 1}: {step.name}</span>
              <Badge variant={STATE[step.state].variant}>{STATE[step.state].label}</Badge>
            </div>
            <ul className="grid gap-1">
              {step.groups.map((g, i) => (
                <li key={i}>
                  <span className="font-medium">{g.label}</span>: {g.signedBy.length} of {g.quorum} signed ({names(g.signedBy)})
                  {g.missing > 0 ? <span className="text-muted-foreground"> — {g.missing} more needed</span> : null}
                </li>
              ))}
            </ul>
            {step.state === 'open' ? (
              <p className="mt-2 text-muted-foreground">Still eligible to sign: {names(step.eligible)}</p>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
