/**
 * Verifies a JSONL audit export offline, with no database and no secrets:
 *
 *   npx tsx scripts/verify-audit-export.ts <events.jsonl> <manifest.json> [--key-id <published key id>]
 *
 * Exit 0 when the bundle is intact, 1 when it is not or cannot be read (printing the first
 * bad line and why), 2 on usage errors. --key-id pins the signing key to the one published at
 * GET /api/audit/public-key; without it the manifest's own key is trusted (printed so it
 * can be compared by hand). Lines are read as a stream, so large exports need little memory.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createAuditExportVerifier, type TVerifyAuditExportResult } from '../lib/audit/export/verify-audit-export';

async function verifyFiles(eventsPath: string, manifestPath: string, keyIds: string[]): Promise<TVerifyAuditExportResult> {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch {
    manifest = null;
  }
  const verifier = createAuditExportVerifier(manifest, keyIds.length ? { trustedKeyIds: keyIds } : {});
  const lines = createInterface({ input: createReadStream(eventsPath, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) verifier.addLine(line);
  return verifier.finish();
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { 'key-id': { type: 'string', multiple: true, default: [] } } });
  const [eventsPath, manifestPath] = positionals;
  if (!eventsPath || !manifestPath || positionals.length > 2) {
    process.stderr.write('usage: verify-audit-export <events.jsonl> <manifest.json> [--key-id <id>]\n');
    return 2;
  }
  const r = await verifyFiles(eventsPath, manifestPath, values['key-id']);
  if (r.ok) {
    const cp = r.checkpoint ? `checkpoint seq ${r.checkpoint.seq} ${r.checkpoint.verified ? 'verified' : 'signature valid, its event is not in this export'}` : 'no checkpoint';
    process.stdout.write(`OK — ${r.rows} events verified (${r.contiguous ? 'contiguous chain' : 'filtered: each line checked on its own'}), ${cp}\n`);
    return 0;
  }
  const p = r.problem!;
  const where = p.line === null ? 'manifest' : `line ${p.line}`;
  process.stdout.write(`INVALID at ${where}${p.seq === undefined ? '' : ` (seq ${p.seq})`}: ${p.kind} — ${p.detail}\n`);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`verify-audit-export: could not verify: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
