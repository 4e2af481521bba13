/**
 * Creates an ingest service token (no request signing) in the configured database and prints
 * it as JSON: the security gate needs a valid token to attack the ingest API the way the
 * payment core would call it. Run with `tsx --conditions=react-server` and the server's env.
 */
import { openDatabase } from '@/db/client';
import { env } from '@/lib/env';
import { createServiceToken } from '@/lib/service-tokens/create-service-token';

async function main(): Promise<void> {
  const e = env();
  const handle = await openDatabase({ url: e.databaseUrl, pgliteDir: e.pgliteDir });
  try {
    const created = await handle.db.transaction((tx) =>
      createServiceToken(
        tx,
        { name: 'security gate', scopes: ['transactions:ingest'], expiresAt: new Date(Date.now() + 3_600_000), requireSignature: false, createdBy: null },
        { actor: { type: 'system' } },
      ),
    );
    console.log(JSON.stringify({ token: created.token, signingSecret: created.signingSecret }));
  } finally {
    await handle.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
