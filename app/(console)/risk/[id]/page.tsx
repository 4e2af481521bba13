import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { RuleSetSummary } from '@/components/risk/rule-set-summary';
import { getDb } from '@/db/client';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { guardPage } from '@/lib/http/page-guard';
import { getRiskRuleSet } from '@/lib/risk/rule-sets/get-risk-rule-set';
import { backtestRiskDraftAction, saveRiskDraftAction, submitRiskDraftAction } from '../actions';
import { BacktestPanel, SubmitForApproval } from './_components/draft-actions';
import { RuleSetEditor } from './_components/rule-set-editor';

export const metadata: Metadata = { title: 'Risk rule set' };

export default async function RiskRuleSetPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const db = await getDb();
  const actor = await getCurrentStaff();
  const detail = await guardPage(() => getRiskRuleSet(db, actor, id));
  const { ruleSet, inForce, changes, approval, can } = detail;
  const waiting = approval?.status === 'pending';
  const editable = ruleSet.status === 'draft' && !waiting && can.update;
  return (
    <>
      <PageHeader
        title={`Risk rule set ${ruleSet.label}`}
        description={`Status: ${ruleSet.status}. Based on v${ruleSet.basedOnVersion}; ${inForce.label} is in force.`}
        actions={
          <Link className="text-sm underline underline-offset-4" href="/risk">
            All rule sets
          </Link>
        }
      />
      <div className="grid gap-6">
        {approval ? (
          <p role="status" className="rounded-md border p-3 text-sm">
            Approval request: <Link className="underline underline-offset-4" href={`/approvals/${approval.id}`}>{approval.status}</Link>
            {waiting ? ' — the draft is locked until it is decided.' : null}
          </p>
        ) : null}
        {ruleSet.status === 'draft' ? (
          <section aria-labelledby="changes-heading" className="grid gap-2">
            <h2 id="changes-heading" className="text-lg font-semibold">Changes against {inForce.label}</h2>
            {changes.length ? (
              <ul className="list-disc pl-5 text-sm">
                {changes.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
            ) : (
              <p className="text-sm text-muted-foreground">No changes yet.</p>
            )}
          </section>
        ) : null}
        {editable ? (
          <RuleSetEditor id={ruleSet.id!} updatedAt={ruleSet.updatedAt!} note={ruleSet.note} definition={ruleSet.definition} save={saveRiskDraftAction} />
        ) : (
          <Card>
            <CardHeader>
              <CardTitle asChild>
                <h2>Rules</h2>
              </CardTitle>
            </CardHeader>
            <CardContent>
              <RuleSetSummary definition={ruleSet.definition} />
            </CardContent>
          </Card>
        )}
        {ruleSet.status === 'draft' && can.update ? <BacktestPanel id={ruleSet.id!} run={backtestRiskDraftAction} /> : null}
        {ruleSet.status === 'draft' && can.request && !waiting ? <SubmitForApproval id={ruleSet.id!} disabled={changes.length === 0} submit={submitRiskDraftAction} /> : null}
      </div>
    </>
  );
}
