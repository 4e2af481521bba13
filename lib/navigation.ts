/** The console's sections, shown only to people whose ability allows them (cosmetic: every page re-checks). */
import type { TIconName } from '@/components/shell/nav-icons';
import type { TAppAbility } from '@/lib/permissions/ability';

export type TNavItem = { href: string; label: string; icon: TIconName };

export function consoleNavigation(ability: TAppAbility): TNavItem[] {
  const items: TNavItem[] = [{ href: '/', label: 'Overview', icon: 'overview' }];
  if (ability.can('read', 'Staff') && ability.can('read', 'Invite')) items.push({ href: '/staff', label: 'Staff', icon: 'staff' });
  if (ability.can('read', 'Role')) items.push({ href: '/roles', label: 'Roles', icon: 'roles' });
  if (ability.can('read', 'AuditEvent')) items.push({ href: '/audit', label: 'Audit log', icon: 'audit' });
  items.push({ href: '/settings/security', label: 'Security', icon: 'security' });
  return items;
}
