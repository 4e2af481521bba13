/**
 * Human-readable differences between two rule sets ("Weight device.new: 10 → 15", "Blocked
 * countries: + RU, − KP"): what approvers sign and what the editor shows before submitting.
 */
import type { TRiskRuleSetDefinition } from './rule-set-schema';

type TFlat = Map<string, string>;

const LIST_LABELS: Record<string, string> = {
  'mcc.highRisk': 'High-risk MCCs',
  'mcc.elevatedRisk': 'Elevated-risk MCCs',
  'block.bins': 'Blocked BINs',
  'block.countries': 'Blocked countries',
  'block.deviceFingerprints': 'Blocked devices',
  'block.ips': 'Blocked IPs',
  'block.emailDomains': 'Blocked email domains',
  'allow.customerRefs': 'Allow-listed customers',
  'allow.deviceFingerprints': 'Allow-listed devices',
  'allow.ips': 'Allow-listed IPs',
};

function flatten(value: unknown, prefix: string, out: TFlat): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (!Array.isArray(value)) {
    out.set(prefix, String(value));
  }
}

export function describeRuleSetChanges(before: TRiskRuleSetDefinition, after: TRiskRuleSetDefinition): string[] {
  const changes: string[] = [];
  const a: TFlat = new Map();
  const b: TFlat = new Map();
  const strip = (d: TRiskRuleSetDefinition) => ({ thresholds: d.thresholds, amount: d.amount, velocity: d.velocity, travel: d.travel, weights: d.weights });
  flatten(strip(before), '', a);
  flatten(strip(after), '', b);
  for (const key of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const from = a.get(key) ?? '(none)';
    const to = b.get(key) ?? '(none)';
    if (from !== to) changes.push(`${key}: ${from} → ${to}`);
  }
  for (const [path, label] of Object.entries(LIST_LABELS)) {
    const [group, name] = path.split('.') as [keyof TRiskRuleSetDefinition, string];
    const from = new Set((before[group] as Record<string, string[]>)[name]);
    const to = new Set((after[group] as Record<string, string[]>)[name]);
    const added = [...to].filter((x) => !from.has(x));
    const removed = [...from].filter((x) => !to.has(x));
    if (added.length === 0 && removed.length === 0) continue;
    const parts = [...(added.length ? [`+ ${abbreviate(added)}`] : []), ...(removed.length ? [`− ${abbreviate(removed)}`] : [])];
    changes.push(`${label}: ${parts.join(', ')}`);
  }
  return changes;
}

function abbreviate(items: string[]): string {
  return items.length <= 5 ? items.join(' ') : `${items.slice(0, 5).join(' ')} and ${items.length - 5} more`;
}
