'use client';

import { Menu, X } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useId, useRef, useState } from 'react';
import { cn } from '@/lib/utils';
import { NavIcon, type TIconName } from './nav-icons';

export type TNavLink = { href: string; label: string; icon: TIconName; badge?: number };

function isActive(pathname: string, href: string): boolean {
  if (href === '/') return pathname === '/';
  return pathname === href || pathname.startsWith(`${href}/`);
}

/** Brand and main navigation: a sticky column from md up, a collapsible menu below that. */
export function SidebarNav({ items }: { items: TNavLink[] }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const listId = useId();
  const toggleRef = useRef<HTMLButtonElement>(null);

  return (
    <nav
      aria-label="Main"
      className="border-b border-sidebar-border bg-sidebar text-sidebar-foreground md:sticky md:top-0 md:h-dvh md:w-60 md:shrink-0 md:overflow-y-auto md:border-e md:border-b-0"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          setOpen(false);
          toggleRef.current?.focus();
        }
      }}
    >
      <div className="flex h-14 items-center justify-between gap-2 px-4">
        <Link href="/" className="rounded-sm text-base font-semibold tracking-tight">
          Countersign
        </Link>
        <button
          ref={toggleRef}
          type="button"
          className="inline-flex items-center gap-2 rounded-md px-2 py-1.5 text-sm font-medium hover:bg-sidebar-accent md:hidden"
          aria-expanded={open}
          aria-controls={listId}
          onClick={() => setOpen((value) => !value)}
        >
          {open ? <X aria-hidden="true" className="size-4" /> : <Menu aria-hidden="true" className="size-4" />}
          Menu
        </button>
      </div>
      <ul id={listId} className={cn('flex-col gap-1 px-2 pb-3 md:flex', open ? 'flex' : 'hidden')}>
        {items.map((item) => {
          const active = isActive(pathname, item.href);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={active ? 'page' : undefined}
                onClick={() => setOpen(false)}
                className={cn(
                  'flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors',
                  active
                    ? 'bg-sidebar-accent text-sidebar-accent-foreground'
                    : 'text-muted-foreground hover:bg-sidebar-accent hover:text-sidebar-accent-foreground',
                )}
              >
                <NavIcon name={item.icon} />
                {item.label}
                {item.badge ? (
                  <span className="ms-auto rounded-full bg-primary px-2 text-xs leading-5 font-semibold text-primary-foreground">
                    {item.badge}
                    <span className="sr-only"> waiting</span>
                  </span>
                ) : null}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
