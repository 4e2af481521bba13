'use client';
/**
 * The role editor: details, rules (as sentences, one open in the rule editor), live
 * separation-of-duties warnings with their acknowledgement, and saving through the server
 * action (step-up with a passkey when the server asks for it). Client checks use the server's
 * schemas; the server's 422 issues land next to the rule they name.
 */
import { Plus } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { withStepUp } from '@/components/auth/passkey-client';
import { ErrorAlert } from '@/components/common/error-alert';
import { draftFromRule, emptyRuleDraft, ruleFromDraft, type TRuleDraft } from '@/components/permissions/rule-draft';
import { RuleList } from '@/components/permissions/rule-list';
import { SodWarnings } from '@/components/permissions/sod-warnings';
import { issuesFromList, issuesUnder, liveSodWarnings, validateRoleDraft, type TIssues } from '@/components/permissions/validate-role-draft';
import { Button } from '@/components/ui/button';
import { toast } from '@/components/ui/sonner';
import { ROLE_RULE_LIMITS } from '@/lib/permissions/role-rule-schema';
import type { TRoleDetail } from '@/lib/roles/types';
import { createRoleAction, updateRoleAction } from '../actions';
import { RoleDetailsFields } from './role-details-fields';

function mergeIssues(a: TIssues, b: TIssues): TIssues {
  const out: TIssues = { ...a };
  for (const [path, messages] of Object.entries(b)) out[path] = [...(out[path] ?? []), ...messages];
  return out;
}

export function RoleForm({ role }: { role?: TRoleDetail }) {
  const router = useRouter();
  const idBase = useId();
  const [details, setDetails] = useState({ name: role?.name ?? '', key: role?.key ?? '', description: role?.description ?? '' });
  const [rules, setRules] = useState<TRuleDraft[]>(() => role?.rules.map(draftFromRule) ?? []);
  const [openUid, setOpenUid] = useState<string | null>(null);
  const [acknowledged, setAcknowledged] = useState(false);
  const [attempted, setAttempted] = useState(false);
  const [serverIssues, setServerIssues] = useState<TIssues>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const focusTarget = useRef<string | null>(null);

  useEffect(() => {
    if (!focusTarget.current) return;
    document.getElementById(focusTarget.current)?.focus();
    focusTarget.current = null;
  });

  const draft = { ...(role ? {} : { key: details.key }), name: details.name, description: details.description, rules };
  const clientIssues = validateRoleDraft(draft);
  const issues = attempted ? mergeIssues(serverIssues, clientIssues) : serverIssues;
  const warnings = liveSodWarnings(rules);

  function addRule() {
    const rule = emptyRuleDraft();
    setRules([...rules, rule]);
    setOpenUid(rule.uid);
    focusTarget.current = `${idBase}-r${rules.length}-subject`;
  }

  function changeRules(next: TRuleDraft[]) {
    if (next.length < rules.length) focusTarget.current = `${idBase}-rules-heading`;
    setRules(next);
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setAttempted(true);
    setServerIssues({});
    if (Object.keys(clientIssues).length > 0) {
      setError('Fix the problems marked in the form, then save again.');
      const firstBad = rules.find((_r, i) => issuesUnder(clientIssues, `rules.${i}`).length > 0);
      if (firstBad) setOpenUid(firstBad.uid);
      return;
    }
    if (warnings.length > 0 && !acknowledged) {
      setError('Acknowledge the separation-of-duties conflict to save this role.');
      return;
    }
    setError(null);
    setPending(true);
    const base = { name: details.name, description: details.description, rules: rules.map(ruleFromDraft), acknowledgeSod: warnings.length > 0 && acknowledged };
    const result = await withStepUp(() => (role ? updateRoleAction({ ...base, id: role.id, updatedAt: role.updatedAt }) : createRoleAction({ ...base, key: details.key })));
    setPending(false);
    if (!result.ok) {
      setError(result.message);
      setServerIssues(issuesFromList('issues' in result ? result.issues : undefined));
      return;
    }
    const approvalId = result.data.approvalRequestId;
    if (approvalId) {
      // Privileged permissions are added only when two administrators approve the request.
      toast.success('Approval request created', { description: 'Two administrators must approve this change before it applies.', action: { label: 'View request', onClick: () => router.push(`/approvals/${approvalId}`) } });
      router.push(`/approvals/${approvalId}`);
      return;
    }
    toast.success(role ? `Role "${details.name}" saved` : `Role "${details.name}" created`);
    if (role) router.refresh();
    else router.push(`/roles/${result.data.id}`);
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Role" className="grid gap-8">
      <RoleDetailsFields idBase={idBase} creating={!role} value={details} issues={issues} onChange={setDetails} />
      <section aria-labelledby={`${idBase}-rules-heading`} className="grid gap-4">
        <div>
          <h2 id={`${idBase}-rules-heading`} tabIndex={-1} className="text-lg font-semibold">Rules</h2>
          <p className="text-sm text-muted-foreground">
            Deny by default: holders can do only what a rule grants; a &ldquo;cannot&rdquo; rule wins over every grant. {rules.length} of at most {ROLE_RULE_LIMITS.maxRules}.
          </p>
        </div>
        <RuleList
          idBase={idBase}
          who={details.name.trim() || 'Holders'}
          drafts={rules}
          openUid={openUid}
          issues={issues}
          sodRuleIndexes={new Set(warnings.flatMap((w) => w.ruleIndexes))}
          onChange={changeRules}
          onOpen={setOpenUid}
        />
        <ErrorAlert message={issues.rules?.join(' ') ?? null} />
        <div>
          <Button type="button" variant="outline" onClick={addRule} disabled={rules.length >= ROLE_RULE_LIMITS.maxRules}>
            <Plus aria-hidden className="size-4" />
            Add rule
          </Button>
        </div>
      </section>
      <SodWarnings idBase={`${idBase}-sod`} warnings={warnings} acknowledged={acknowledged} messages={issues.acknowledgeSod ?? []} onAcknowledge={setAcknowledged} />
      <div className="grid gap-3">
        <ErrorAlert message={error} />
        <div>
          <Button type="submit" loading={pending}>Save role</Button>
        </div>
      </div>
    </form>
  );
}
