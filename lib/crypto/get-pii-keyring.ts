/** The configured PII keyring (validated by lib/env.ts at start). */
import 'server-only';
import { env } from '@/lib/env';
import type { TPiiKeyring } from './keyring';

export function getPiiKeyring(): TPiiKeyring {
  return env().pii;
}
