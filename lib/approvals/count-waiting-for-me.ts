/** The sidebar badge: how many requests wait for the signed-in person's decision. */
import 'server-only';
import { count } from 'drizzle-orm';
import { approvalRequests } from '@/db/schema';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { waitingForMe } from './list-approval-requests';

export async function countWaitingForMe(db: TDb, actor: TActor): Promise<number> {
  const [row] = await db.select({ n: count() }).from(approvalRequests).where(waitingForMe(actor));
  return Number(row?.n ?? 0);
}
