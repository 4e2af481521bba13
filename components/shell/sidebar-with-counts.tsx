import { getDb } from '@/db/client';
import { countWaitingForMe } from '@/lib/approvals/count-waiting-for-me';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { SidebarNav, type TNavLink } from './sidebar-nav';

/** The sidebar with live counts (approvals waiting for my decision), loaded on the server each render. */
export async function SidebarWithCounts({ items }: { items: TNavLink[] }) {
  const waiting = await countWaitingForMe(await getDb(), await getCurrentStaff());
  return <SidebarNav items={items.map((i) => (i.href === '/approvals' && waiting > 0 ? { ...i, badge: waiting } : i))} />;
}
