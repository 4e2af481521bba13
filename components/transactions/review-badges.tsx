import { Badge } from '@/components/ui/badge';
import { describeSla, type TSla } from '@/lib/review/sla';

const LEVEL_VARIANT = { low: 'secondary', medium: 'warning', high: 'destructive', critical: 'destructive' } as const;
const STATUS_LABEL: Record<string, string> = { pending: 'Pending', frozen: 'Waiting', in_review: 'In review', escalated: 'Escalated', released: 'Released', declined: 'Declined' };

export function LevelBadge({ level, score }: { level: keyof typeof LEVEL_VARIANT; score?: number }) {
  return <Badge variant={LEVEL_VARIANT[level]}>{level}{score !== undefined ? ` · ${score}` : ''}</Badge>;
}

export function StatusBadge({ status }: { status: string }) {
  const variant = status === 'released' ? 'success' : status === 'declined' ? 'destructive' : status === 'escalated' ? 'warning' : 'outline';
  return <Badge variant={variant}>{STATUS_LABEL[status] ?? status}</Badge>;
}

/** "Due in 35 min" / "Overdue by 2 h" with a colour per state; nothing for decided items. */
export function SlaBadge({ sla }: { sla: TSla }) {
  const text = describeSla(sla);
  if (!text) return <span className="text-muted-foreground">—</span>;
  const variant = sla.state === 'overdue' ? 'destructive' : sla.state === 'due_soon' ? 'warning' : 'secondary';
  return <Badge variant={variant} data-sla={sla.state}>{text}</Badge>;
}
