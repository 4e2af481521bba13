import { Badge } from '@/components/ui/badge';
import type { TRehearsalCheck } from '@/db/schema';

const CHECK_VARIANT = { ok: 'success', warn: 'warning', fail: 'destructive', skipped: 'outline' } as const;
const CHECK_LABEL = { ok: 'OK', warn: 'Warning', fail: 'Failed', skipped: 'Skipped' } as const;

export function OutcomeBadge({ outcome }: { outcome: 'passed' | 'failed' }) {
  return <Badge variant={outcome === 'passed' ? 'success' : 'destructive'}>{outcome === 'passed' ? 'Passed' : 'Failed'}</Badge>;
}

export function CheckStatusBadge({ status }: { status: TRehearsalCheck['status'] }) {
  return <Badge variant={CHECK_VARIANT[status]}>{CHECK_LABEL[status]}</Badge>;
}
