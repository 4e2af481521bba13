/** A role's rules as sentences, read-only (for people who may read a role but not change it). */
import type { TRoleRule } from '@/db/schema';
import { Badge } from '@/components/ui/badge';
import { describeRule } from '@/lib/permissions/describe-rule';

export function RuleSentenceList({ rules, who }: { rules: readonly TRoleRule[]; who: string }) {
  if (rules.length === 0) return <p className="text-sm text-muted-foreground">No rules: this role grants nothing.</p>;
  return (
    <ol className="grid list-decimal gap-2 ps-6 text-sm">
      {rules.map((rule, i) => (
        <li key={i}>
          {describeRule(rule, who)}.{rule.inverted ? <Badge variant="destructive" className="ms-2">Cannot</Badge> : null}
        </li>
      ))}
    </ol>
  );
}
