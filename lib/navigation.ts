/** The console's sections, shown only to people whose ability allows them (cosmetic: every page re-checks). */
import type { TIconName } from '@/components/shell/nav-icons';
import type { TAppAbility } from '@/lib/permissions/ability';

export type TNavItem = { href: string; label: string; icon: TIconName; /** A count shown beside the label (e.g. approvals waiting for me). */ badge?: number };

export function consoleNavigation(ability: TAppAbility): TNavItem[] {
  const items: TNavItem[] = [{ href: '/', label: 'Overview', icon: 'overview' }];
  if (ability.can('read', 'Transaction')) items.push({ href: '/transactions', label: 'Review queue', icon: 'transactions' });
  if (ability.can('read', 'Staff') && ability.can('read', 'Invite')) items.push({ href: '/staff', label: 'Staff', icon: 'staff' });
  if (ability.can('read', 'Role')) items.push({ href: '/roles', label: 'Roles', icon: 'roles' });
  if (ability.can('read', 'RiskRuleSet')) items.push({ href: '/risk', label: 'Risk rules', icon: 'risk' });
  if (ability.can('read', 'AuditEvent')) items.push({ href: '/audit', label: 'Audit log', icon: 'audit' });
  // Anyone may be named in an approval group or open a request, so every signed-in person has an inbox.
  items.push({ href: '/approvals', label: 'Approvals', icon: 'approvals' });
  items.push({ href: '/notifications', label: 'Notifications', icon: 'notifications' });
  if (ability.can('read', 'Settings')) items.push({ href: '/settings/deliveries', label: 'Webhook deliveries', icon: 'settings' });
  if (ability.can('read', 'Settings')) items.push({ href: '/settings/operations', label: 'Operations', icon: 'backups' });
  if (ability.can('read', 'ServiceToken')) items.push({ href: '/settings/api', label: 'API access', icon: 'settings' });
  items.push({ href: '/settings/security', label: 'Security', icon: 'security' });
  return items;
}
