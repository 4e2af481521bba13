/**
 * `npm run db:migrate`: applies the committed SQL migrations (db/migrations) to the configured
 * database — PostgreSQL when DATABASE_URL is set, else the embedded PGlite directory — and seeds
 * the built-in roles. Production runs this as the schema-owner role, never the app role.
 */
import { openDatabase } from '@/db/client';
import { seedBuiltInRoles } from '@/db/seed';
import { env } from '@/lib/env';

async function main(): Promise<void> {
  const e = env();
  const started = Date.now();
  const handle = await openDatabase({ url: e.databaseUrl, pgliteDir: e.pgliteDir, migrate: true, max: 1 });
  try {
    await seedBuiltInRoles(handle.db);
    console.log(`Migrations applied to ${handle.driver} in ${Date.now() - started} ms; built-in roles present.`);
  } finally {
    await handle.close();
  }
}

main().catch((err: unknown) => {
  console.error(`Migration failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
