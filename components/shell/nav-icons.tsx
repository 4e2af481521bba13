import {
  ArrowLeftRight,
  Bell,
  ClipboardCheck,
  DatabaseBackup,
  FileText,
  KeyRound,
  LayoutDashboard,
  ScrollText,
  Settings,
  ShieldCheck,
  TriangleAlert,
  UserCog,
  Users,
  type LucideIcon,
} from 'lucide-react';
import { cn } from '@/lib/utils';

/**
 * Icons by name: server components cannot hand component functions to client components, so
 * navigation data names its icon and the client looks it up here. Add entries as sections grow.
 */
export const navIcons = {
  overview: LayoutDashboard,
  staff: Users,
  roles: UserCog,
  security: ShieldCheck,
  audit: ScrollText,
  approvals: ClipboardCheck,
  transactions: ArrowLeftRight,
  risk: TriangleAlert,
  reports: FileText,
  notifications: Bell,
  passkeys: KeyRound,
  settings: Settings,
  backups: DatabaseBackup,
} satisfies Record<string, LucideIcon>;

export type TIconName = keyof typeof navIcons;

export function NavIcon({ name, className }: { name: TIconName; className?: string }) {
  const Icon = navIcons[name];
  return <Icon aria-hidden="true" className={cn('size-4 shrink-0', className)} />;
}
