/**
 * Runs once per server process: opens the database (so the first request does not pay for
 * PGlite's start), applies migrations outside production, seeds built-in roles and prints
 * the one-time first-administrator setup link while no administrator exists.
 */
export async function register(): Promise<void> {
  // NEXT_RUNTIME is set by Next itself; the Edge runtime has no database.
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { bootstrap } = await import('./lib/bootstrap');
  await bootstrap();
}
