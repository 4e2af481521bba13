import { defineConfig } from 'drizzle-kit';

// `generate` needs no database: migrations are produced from the schema files only.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
  casing: 'snake_case',
});
