/** The queue row as the browser gets it: display strings only, computed on the server. */
import { formatMinor } from '@/lib/review/money';
import { releaseNeedsApproval, type TReleaseThresholds } from '@/lib/review/review-config';
import type { TQueueItem } from '@/lib/review/review-item';
import { describeSla } from '@/lib/review/sla';

export type TQueueRowView = {
  id: string;
  reference: string;
  amount: string;
  merchant: string;
  country: string;
  card: string;
  level: 'low' | 'medium' | 'high' | 'critical';
  score: number;
  status: string;
  assignee: string | null;
  mine: boolean;
  received: string;
  sla: { state: string; text: string | null };
  version: number;
  needsApproval: boolean;
};

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'short', timeStyle: 'short', timeZone: 'UTC' });

export function toQueueRowView(item: TQueueItem, me: string, thresholds: TReleaseThresholds): TQueueRowView {
  return {
    id: item.id,
    reference: item.reference,
    amount: formatMinor(item.amountMinor, item.currency),
    merchant: item.merchantName,
    country: item.merchantCountry,
    card: `${item.cardBrand} •••• ${item.cardLast4}`,
    level: item.riskLevel,
    score: item.riskScore,
    status: item.status,
    assignee: item.assignee?.name ?? null,
    mine: item.assignee?.id === me,
    received: `${when.format(item.receivedAt)} UTC`,
    sla: { state: item.sla.state, text: describeSla(item.sla) },
    version: item.version,
    needsApproval: releaseNeedsApproval(thresholds, BigInt(item.amountMinor), item.currency),
  };
}
