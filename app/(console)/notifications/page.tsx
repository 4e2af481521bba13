import type { Metadata } from 'next';
import Link from 'next/link';
import { ErrorAlert } from '@/components/common/error-alert';
import { RunActionButton } from '@/components/notifications/run-action-button';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { isAppError } from '@/lib/errors';
import { countMyUnreadNotifications, listMyNotifications, type TMyNotificationsPage } from '@/lib/notifications/list-my-notifications';
import { cn } from '@/lib/utils';
import { markAllNotificationsReadAction, markNotificationReadAction } from './actions';

export const metadata: Metadata = { title: 'Notifications' };

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
type TSearch = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<TSearch> }) {
  const search = await searchParams;
  const filter = first(search.filter) === 'unread' ? 'unread' : 'all';
  const cursor = first(search.cursor);
  const db = await getDb();
  const actor = await getCurrentStaff();
  let page: TMyNotificationsPage = { items: [], nextCursor: null };
  let problem: string | null = null;
  try {
    page = await listMyNotifications(db, actor, { filter, ...(cursor ? { cursor } : {}) });
  } catch (e) {
    if (!isAppError(e) || e.code !== 'VALIDATION') throw e;
    problem = 'This page link is not valid any more. Start again from the newest notifications.';
  }
  const unread = await countMyUnreadNotifications(db, actor);
  const tab = (value: 'all' | 'unread', label: string) => (
    <Link
      href={value === 'all' ? '/notifications' : '/notifications?filter=unread'}
      aria-current={filter === value ? 'page' : undefined}
      className={cn('rounded-md px-3 py-1.5 text-sm font-medium', filter === value ? 'bg-accent text-accent-foreground' : 'text-muted-foreground hover:bg-accent')}
    >
      {label}
    </Link>
  );
  return (
    <>
      <PageHeader
        title="Notifications"
        description={`Requests waiting for you and news about your requests. ${unread} unread.`}
        actions={unread > 0 ? <RunActionButton variant="outline" size="sm" run={markAllNotificationsReadAction} successMessage="All notifications marked read">Mark all read</RunActionButton> : null}
      />
      <nav aria-label="Notification filter" className="mb-4 flex gap-2">
        {tab('all', 'All')}
        {tab('unread', 'Unread')}
      </nav>
      <ErrorAlert message={problem} />
      {page.items.length === 0 && !problem ? (
        <EmptyState title={filter === 'unread' ? 'Nothing unread' : 'No notifications yet'} description="When a request waits for you or one of yours changes, it appears here." />
      ) : (
        <ul aria-label="Notifications" className="flex flex-col gap-2">
          {page.items.map((n) => (
            <li key={n.id} className={cn('flex flex-wrap items-center gap-3 rounded-md border p-3 text-sm', n.read ? 'opacity-80' : 'border-primary/40')}>
              <Badge variant={n.severity === 'critical' ? 'destructive' : n.severity === 'warning' ? 'warning' : 'secondary'}>{n.severity}</Badge>
              <span className={cn('me-auto', n.read ? '' : 'font-medium')}>
                {n.read ? <span className="sr-only">Read: </span> : <span className="sr-only">Unread: </span>}
                {n.href ? <Link href={n.href} className="underline underline-offset-4">{n.title}</Link> : n.title}
              </span>
              <time dateTime={n.createdAt.toISOString()} className="text-muted-foreground">{when.format(n.createdAt)} UTC</time>
              {n.read ? null : (
                <RunActionButton variant="ghost" size="sm" aria-label={`Mark read: ${n.title}`} run={markNotificationReadAction.bind(null, n.id)}>
                  Mark read
                </RunActionButton>
              )}
            </li>
          ))}
        </ul>
      )}
      <nav aria-label="Notification pages" className="mt-4 flex gap-4 text-sm">
        {cursor ? <Link href={filter === 'unread' ? '/notifications?filter=unread' : '/notifications'} className="underline underline-offset-4">Newest</Link> : null}
        {page.nextCursor ? (
          <Link href={`/notifications?${new URLSearchParams({ ...(filter === 'unread' ? { filter } : {}), cursor: page.nextCursor }).toString()}`} className="underline underline-offset-4">
            Next page
          </Link>
        ) : null}
      </nav>
    </>
  );
}
