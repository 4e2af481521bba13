/** Read-only view of a rule set: thresholds, weights, amount/velocity/travel limits and lists. */
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { TRiskRuleSetDefinition } from '@/lib/risk/rule-set-schema';

const LISTS: [label: string, pick: (d: TRiskRuleSetDefinition) => string[]][] = [
  ['Blocked BINs', (d) => d.block.bins],
  ['Blocked countries', (d) => d.block.countries],
  ['Blocked devices', (d) => d.block.deviceFingerprints],
  ['Blocked IPs', (d) => d.block.ips],
  ['Blocked email domains', (d) => d.block.emailDomains],
  ['Allow-listed customers', (d) => d.allow.customerRefs],
  ['Allow-listed devices', (d) => d.allow.deviceFingerprints],
  ['Allow-listed IPs', (d) => d.allow.ips],
  ['High-risk MCCs', (d) => d.mcc.highRisk],
  ['Elevated-risk MCCs', (d) => d.mcc.elevatedRisk],
];

export function RuleSetSummary({ definition: d }: { definition: TRiskRuleSetDefinition }) {
  const t = d.thresholds;
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <section aria-labelledby="rs-decisions" className="grid gap-2 text-sm">
        <h3 id="rs-decisions" className="font-medium">Decisions</h3>
        <p>
          Score ≥ {t.medium}: review (medium). Score ≥ {t.high}: high, {t.highDecision === 'review' ? 'frozen for review' : 'declined'}. Score ≥ {t.decline}: declined.
          Block-list hit: declined. Allow-list hit: allowed.
        </p>
        <p>
          Own history: ≥ {d.amount.multipleOfAverage}× the average or z ≥ {d.amount.zScore}, after {d.amount.minHistory} payments. Velocity: more than{' '}
          {d.velocity.maxCount1h}/hour or {d.velocity.maxCount24h}/day. Travel faster than {d.travel.maxSpeedKmh} km/h over {d.travel.minDistanceKm} km.
        </p>
        <p>High amounts (minor units): {Object.entries(d.amount.highMinor).map(([c, v]) => `${c} ${v}`).join(', ') || 'none'}</p>
      </section>
      <section aria-labelledby="rs-weights" className="grid gap-2">
        <h3 id="rs-weights" className="text-sm font-medium">Weights</h3>
        <Table scrollLabel="Factor weights">
          <TableHeader>
            <TableRow>
              <TableHead>Factor</TableHead>
              <TableHead className="text-right">Weight</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {Object.entries(d.weights).map(([code, weight]) => (
              <TableRow key={code}>
                <TableCell className="font-mono text-xs">{code}</TableCell>
                <TableCell className="text-right tabular-nums">{weight}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </section>
      <section aria-labelledby="rs-lists" className="grid gap-2 text-sm lg:col-span-2">
        <h3 id="rs-lists" className="font-medium">Lists</h3>
        <dl className="grid gap-1 sm:grid-cols-2">
          {LISTS.map(([label, pick]) => (
            <div key={label} className="flex gap-2">
              <dt className="text-muted-foreground">{label}:</dt>
              <dd className="break-all">{pick(d).length ? pick(d).slice(0, 12).join(', ') + (pick(d).length > 12 ? ` (+${pick(d).length - 12})` : '') : '—'}</dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}
