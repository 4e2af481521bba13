/**
 * Verifies a JSONL audit export offline, with no database and no secrets:
 *
 *   npx tsx scripts/verify-audit-export.ts <events.jsonl> <manifest.json> [--key-id <published key id>]
 *   npx tsx scripts/verify-audit-export.ts <bundle.jsonl> [--key-id <published key id>]
 *
 * A bundle is what the console's Export button downloads: the event lines, then one last line
 * `{"manifest": {...}}`.
 *
 * Exit 0 when the bundle is intact and signed by a pinned key, 1 when it is not or cannot be
 * read (printing the first bad line and why), 2 on usage errors. --key-id pins the signing key
 * to the one published at GET /api/audit/public-key (repeat it for retired keys). Without it
 * the answer is UNAUTHENTICATED (exit 1): anyone can sign an edited bundle with a key of their
 * own, so a signature proves something only against a key obtained out of band. Lines are read
 * as a stream, so large exports need little memory.
 */
import { closeSync, createReadStream, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { bundleManifestOf, lastNonEmptyLine } from '../lib/audit/export/verify-audit-bundle';
import { createAuditExportVerifier, type TVerifyAuditExportResult } from '../lib/audit/export/verify-audit-export';

/** The last 1 MiB of a file: enough for the manifest line, without reading a large export twice. */
function tailOf(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, 1 << 20);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return buffer.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

async function verifyBundle(bundlePath: string, keyIds: string[]): Promise<TVerifyAuditExportResult> {
  const last = lastNonEmptyLine(tailOf(bundlePath));
  const verifier = createAuditExportVerifier(last ? bundleManifestOf(last.line) : null, keyIds.length ? { trustedKeyIds: keyIds } : {});
  // Lines are fed one behind, so the last non-empty line (the manifest) is never fed as an event.
  let pending: string | null = null;
  const lines = createInterface({ input: createReadStream(bundlePath, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    if (pending !== null) verifier.addLine(pending);
    pending = line;
  }
  return verifier.finish();
}

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
  if (!eventsPath || positionals.length > 2) {
    process.stderr.write('usage: verify-audit-export <events.jsonl> <manifest.json> [--key-id <id>]\n       verify-audit-export <bundle.jsonl> [--key-id <id>]\n');
    return 2;
  }
  const r = manifestPath ? await verifyFiles(eventsPath, manifestPath, values['key-id']) : await verifyBundle(eventsPath, values['key-id']);
  if (r.ok) {
    const cp = r.checkpoint ? `checkpoint seq ${r.checkpoint.seq} ${r.checkpoint.verified ? 'verified' : 'signature valid, its event is not in this export'}` : 'no checkpoint';
    const what = `${r.rows} events (${r.contiguous ? 'contiguous chain' : 'filtered: the listed lines'}), ${cp}`;
    if (!r.keyPinned) {
      process.stdout.write(`UNAUTHENTICATED — ${what} are consistent with a manifest signed by its own key, which was not pinned: pass --key-id <the id published at GET /api/audit/public-key>\n`);
      return 1;
    }
    process.stdout.write(`OK — ${what}, manifest signed by the pinned key\n`);
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
