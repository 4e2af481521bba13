/** The console's sections, shown only to people whose ability allows them (cosmetic: every page re-checks). */
import type { TAppAbility } from '@/lib/permissions/ability';

export type TNavItem = { href: string; label: string; icon: 'overview' | 'staff' | 'security' };

export function consoleNavigation(ability: TAppAbility): TNavItem[] {
  const items: TNavItem[] = [{ href: '/', label: 'Overview', icon: 'overview' }];
  if (ability.can('read', 'Staff') && ability.can('read', 'Invite')) items.push({ href: '/staff', label: 'Staff', icon: 'staff' });
  items.push({ href: '/settings/security', label: 'Security', icon: 'security' });
  return items;
}
