import type { Metadata } from 'next';
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { RunActionButton } from '@/components/notifications/run-action-button';
import { RuleSetSummary } from '@/components/risk/rule-set-summary';
import { getDb } from '@/db/client';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { guardPage } from '@/lib/http/page-guard';
import { listRiskRuleSets } from '@/lib/risk/rule-sets/list-risk-rule-sets';
import type { TRiskRuleSetDto } from '@/lib/risk/rule-sets/rule-set-records';
import { createRiskDraftAction } from './actions';

export const metadata: Metadata = { title: 'Risk rules' };

function VersionsTable({ label, rows }: { label: string; rows: TRiskRuleSetDto[] }) {
  if (rows.length === 0) return <p className="text-sm text-muted-foreground">None.</p>;
  return (
    <Table scrollLabel={label}>
      <TableHeader>
        <TableRow>
          <TableHead>Version</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Note</TableHead>
          <TableHead>Updated</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.id}>
            <TableCell>
              <Link className="underline underline-offset-4" href={`/risk/${r.id}`}>
                {r.label}
              </Link>
            </TableCell>
            <TableCell>
              <Badge variant="outline">{r.approvalRequestId && r.status === 'draft' ? 'draft (submitted)' : r.status}</Badge>
            </TableCell>
            <TableCell className="max-w-xs truncate">{r.note || '—'}</TableCell>
            <TableCell className="tabular-nums">{r.updatedAt?.slice(0, 16).replace('T', ' ')} UTC</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export default async function RiskRulesPage() {
  const db = await getDb();
  const actor = await getCurrentStaff();
  const { inForce, drafts, history } = await guardPage(() => listRiskRuleSets(db, actor));
  return (
    <>
      <PageHeader
        title="Risk rules"
        description="Thresholds, weights and lists the risk engine scores every incoming payment with. Changes are drafted, backtested and take effect only after approval."
        actions={actor.ability.can('update', 'RiskRuleSet') ? (
            <RunActionButton run={createRiskDraftAction.bind(null, {})} successMessage="Draft created" openCreatedAt="/risk/">
              New draft
            </RunActionButton>
          ) : null}
      />
      <div className="grid gap-6">
        <Card>
          <CardHeader>
            <CardTitle asChild>
              <h2>In force: {inForce.label}</h2>
            </CardTitle>
            <CardDescription>
              {inForce.status === 'built-in' ? 'The built-in default; no approved version yet.' : `Activated ${inForce.activatedAt?.slice(0, 16).replace('T', ' ')} UTC.`}
            </CardDescription>
          </CardHeader>
          <CardContent>
            <RuleSetSummary definition={inForce.definition} />
          </CardContent>
        </Card>
        <section aria-labelledby="drafts-heading" className="grid gap-2">
          <h2 id="drafts-heading" className="text-lg font-semibold">Drafts</h2>
          <VersionsTable label="Drafts" rows={drafts} />
        </section>
        <section aria-labelledby="history-heading" className="grid gap-2">
          <h2 id="history-heading" className="text-lg font-semibold">Earlier versions</h2>
          <VersionsTable label="Earlier versions" rows={history} />
        </section>
      </div>
    </>
  );
}
