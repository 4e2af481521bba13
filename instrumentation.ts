/**
 * Runs once per server process: records each request's connection address for the audit trail
 * (lib/http/peer-address.ts), opens the database (so the first request does not pay for
 * PGlite's start), applies migrations outside production, seeds built-in roles and prints
 * the one-time first-administrator setup link while no administrator exists.
 */
export async function register(): Promise<void> {
  // NEXT_RUNTIME is set by Next itself; the Edge runtime has no database.
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { installPeerAddressHeader } = await import('./lib/http/peer-address');
  installPeerAddressHeader();
  const { bootstrap } = await import('./lib/bootstrap');
  await bootstrap();
}
