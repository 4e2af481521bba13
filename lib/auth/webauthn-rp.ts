/** The relying party as configured: rpID and origin come from PUBLIC_ORIGIN, never from the request. */
import 'server-only';
import { env } from '@/lib/env';

export function relyingParty(): { rpID: string; rpName: string; origin: string } {
  const e = env();
  return { rpID: e.rpId, rpName: e.rpName, origin: e.publicOrigin };
}

export const CHALLENGE_TTL_MS = 5 * 60 * 1000;
