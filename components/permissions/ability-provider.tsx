'use client';
/**
 * The signed-in person's permissions in the browser, from packed CASL rules, for `<Can>`
 * (re-exported from @casl/react): hides or disables what they cannot do. Cosmetic only;
 * every server action and route handler re-checks.
 */
import { AbilityProvider as CaslAbilityProvider } from '@casl/react';
import { useMemo, type ReactNode } from 'react';
import { createClientAbility, type TPackedRules } from '@/lib/permissions/pack-rules-for-client';

export { Can } from '@casl/react';

export function AbilityProvider({ packedRules, children }: { packedRules: TPackedRules; children: ReactNode }) {
  const ability = useMemo(() => createClientAbility(packedRules), [packedRules]);
  return <CaslAbilityProvider value={ability}>{children}</CaslAbilityProvider>;
}
