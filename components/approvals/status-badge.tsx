import { Badge } from '@/components/ui/badge';
import type { TApprovalStatus } from '@/db/schema';

const VARIANT: Record<TApprovalStatus, 'secondary' | 'success' | 'destructive' | 'warning' | 'outline'> = {
  pending: 'warning',
  approved: 'secondary',
  executed: 'success',
  rejected: 'destructive',
  expired: 'outline',
  cancelled: 'outline',
  failed: 'destructive',
};

export const STATUS_LABEL: Record<TApprovalStatus, string> = {
  pending: 'Pending',
  approved: 'Approved',
  executed: 'Executed',
  rejected: 'Rejected',
  expired: 'Expired',
  cancelled: 'Cancelled',
  failed: 'Failed',
};

export function ApprovalStatusBadge({ status }: { status: TApprovalStatus }) {
  return <Badge variant={VARIANT[status]}>{STATUS_LABEL[status]}</Badge>;
}
