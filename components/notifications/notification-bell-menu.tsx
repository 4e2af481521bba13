'use client';
import { Bell } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import {
  DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { toast } from '@/components/ui/sonner';
import { markAllNotificationsReadAction, markNotificationReadAction } from '@/app/(console)/notifications/actions';
import { cn } from '@/lib/utils';

export type TBellItem = { id: string; title: string; href: string | null; read: boolean; severity: string; createdAt: string };

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** Bell button with the unread count; its menu lists the newest notifications (opening one marks it read). */
export function NotificationBellMenu({ unread, items }: { unread: number; items: TBellItem[] }) {
  const router = useRouter();
  const label = unread === 0 ? 'Notifications, none unread' : `Notifications, ${unread} unread`;
  async function open(item: TBellItem) {
    if (!item.read) {
      const result = await markNotificationReadAction(item.id);
      if (!result.ok) toast.error(result.message);
    }
    router.push(item.href ?? '/notifications');
    router.refresh();
  }
  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        aria-label={label}
        className="relative inline-flex size-9 items-center justify-center rounded-md hover:bg-accent hover:text-accent-foreground focus-visible:outline-2 focus-visible:outline-offset-2"
      >
        <Bell aria-hidden="true" className="size-4" />
        {unread > 0 ? (
          <span aria-hidden="true" className="absolute -end-0.5 -top-0.5 min-w-5 rounded-full bg-destructive px-1 text-center text-xs font-semibold leading-5 text-destructive-foreground">
            {unread > 99 ? '99+' : unread}
          </span>
        ) : null}
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-80">
        <DropdownMenuLabel>Notifications</DropdownMenuLabel>
        <DropdownMenuSeparator />
        {items.length === 0 ? <p className="px-2 py-3 text-sm text-muted-foreground">Nothing yet.</p> : null}
        {items.map((item) => (
          <DropdownMenuItem key={item.id} onSelect={() => void open(item)} className="flex-col items-start gap-0.5">
            <span className={cn('text-sm', item.read ? 'text-muted-foreground' : 'font-medium')}>
              {item.read ? null : <span className="sr-only">Unread: </span>}
              {item.title}
            </span>
            <span className="text-xs text-muted-foreground">{when.format(new Date(item.createdAt))} UTC</span>
          </DropdownMenuItem>
        ))}
        <DropdownMenuSeparator />
        {unread > 0 ? (
          <DropdownMenuItem
            onSelect={async () => {
              const result = await markAllNotificationsReadAction();
              if (result.ok) router.refresh();
              else toast.error(result.message);
            }}
          >
            Mark all read
          </DropdownMenuItem>
        ) : null}
        <DropdownMenuItem asChild>
          <Link href="/notifications">See all notifications</Link>
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
