import { redirect } from 'next/navigation';
import { AppShell } from '@/components/shell/app-shell';
import { LockScreen } from '@/components/shell/lock-screen';
import { AbilityProvider } from '@/components/permissions/ability-provider';
import { packRulesForClient } from '@/lib/permissions/pack-rules-for-client';
import { getCurrentStaff, getSessionState } from '@/lib/auth/current-staff';
import { env } from '@/lib/env';
import { consoleNavigation } from '@/lib/navigation';

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const state = await getSessionState();
  if (state.kind === 'none') redirect('/login');
  if (state.kind === 'idle') {
    // Nothing of the page is rendered while locked: only the lock screen.
    return <LockScreen locked staffName={state.staff.name} />;
  }
  const actor = await getCurrentStaff();
  return (
    <AppShell
      staff={{ name: actor.staff.name, roles: actor.roles.map((r) => r.name) }}
      nav={consoleNavigation(actor.ability)}
      sessionExpiresAt={actor.idleExpiresAt.toISOString()}
      absoluteExpiresAt={actor.session.expiresAt.toISOString()}
      idleSeconds={env().sessionIdleSeconds}
    >
      <AbilityProvider packedRules={packRulesForClient(actor.ability.rules)}>{children}</AbilityProvider>
    </AppShell>
  );
}
