import type { ReactNode } from 'react';
import { NotificationBell } from '@/components/notifications/notification-bell';
import { ThemeToggle } from '@/components/theme/theme-toggle';
import { LockableContent } from './lockable-content';
import { LockScreen } from './lock-screen';
import type { TIconName } from './nav-icons';
import { SessionTimer } from './session-timer';
import { SidebarWithCounts } from './sidebar-with-counts';
import { SignOutButton } from './sign-out-button';

export type TAppShellProps = {
  staff: { name: string; roles: string[] };
  nav: { href: string; label: string; icon: TIconName; badge?: number }[];
  /** Idle deadline (ISO) as of this render. */
  sessionExpiresAt: string;
  /** Absolute end of the session (ISO). */
  absoluteExpiresAt: string;
  idleSeconds: number;
  children: ReactNode;
};

/** The signed-in frame: skip link, sidebar navigation, header, main content and lock screen. */
export function AppShell({ staff, nav, sessionExpiresAt, absoluteExpiresAt, idleSeconds, children }: TAppShellProps) {
  return (
    <div className="flex min-h-dvh flex-col md:flex-row">
      <a
        href="#main-content"
        className="sr-only focus:not-sr-only focus:fixed focus:start-4 focus:top-4 focus:z-[60] focus:rounded-md focus:bg-background focus:px-4 focus:py-2 focus:text-sm focus:font-medium focus:shadow-md"
      >
        Skip to content
      </a>
      <SidebarWithCounts items={nav} />
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex min-h-14 flex-wrap items-center gap-x-2 gap-y-1 border-b px-4 py-2 md:px-8">
          <div className="me-auto min-w-0">
            <p className="truncate text-sm font-medium">{staff.name}</p>
            {staff.roles.length > 0 ? <p className="truncate text-xs text-muted-foreground">{staff.roles.join(', ')}</p> : null}
          </div>
          <NotificationBell />
          <SessionTimer sessionExpiresAt={sessionExpiresAt} absoluteExpiresAt={absoluteExpiresAt} idleSeconds={idleSeconds} />
          <ThemeToggle />
          <SignOutButton compact />
        </header>
        <main id="main-content" tabIndex={-1} className="flex-1 px-4 py-6 focus-visible:outline-none md:px-8">
          <LockableContent>{children}</LockableContent>
        </main>
      </div>
      <LockScreen staffName={staff.name} />
    </div>
  );
}
