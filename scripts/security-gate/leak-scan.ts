/**
 * Card-number and secret scan over what Countersign sent or wrote: response bodies captured
 * during e2e (JSON lines from e2e/fixtures/response-capture.ts), server and HAProxy logs,
 * and audit exports. Card numbers: lib/pan's detector (13–19 digits, Luhn, grouped or not).
 * Secrets: private keys, full service tokens, JWT/JWE-shaped tokens, bearer credentials,
 * and the exact secret values of the run being scanned. Findings name the place, never the value.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { countCardNumbersInText } from '@/lib/pan/scan-text';

export type TLeakFinding = { source: string; line: number; kind: string };

const SECRET_PATTERNS: { kind: string; pattern: RegExp }[] = [
  { kind: 'private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { kind: 'service token', pattern: /\bcst_[A-Za-z0-9_-]{40,}/ },
  { kind: 'JWT/JWE token', pattern: /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{10,}/ },
  { kind: 'bearer credential', pattern: /authorization["'\s:=]+bearer\s+[A-Za-z0-9._~+/-]{20,}/i },
];

/**
 * Identifiers that are never card numbers but whose decimal digits can pass Luhn by chance:
 * UUIDs (request ids, record ids: "…-4111-1111-1111-…") and hex digests (the audit chain's
 * SHA-256 hashes, one in ~100 holds a 13+ digit Luhn-valid run). Masked before the PAN check;
 * the secret patterns still see the original line.
 */
const NOT_A_PAN = [
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi,
  /\b[0-9a-f]{32,}\b/gi,
  // SVG geometry of the icons (`d="M9.671 4.136a2.34 2.34 0 0 1 …"`, also as \"d\":\"…\" in the RSC payload):
  // digits split by spaces, dots and dashes, which the grouped-PAN rule would read as card numbers.
  /\b(?:d|points)=(["'])[^"']*\1/g,
  /\\?"(?:d|points)\\?"\s*:\s*\\?"[^"\\]*/g,
];

function withoutIdentifiers(line: string): string {
  return NOT_A_PAN.reduce((text, pattern) => text.replace(pattern, 'ID'), line);
}

/**
 * Scans one text; `knownSecrets` are exact values (≥ 12 characters) that must never appear.
 * `cardNumbers: false` skips the PAN check (build output: minified numbers are code, not data).
 */
export function scanText(text: string, source: string, knownSecrets: readonly string[] = [], cardNumbers = true): TLeakFinding[] {
  const findings: TLeakFinding[] = [];
  const secrets = knownSecrets.filter((s) => s.length >= 12);
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    if (cardNumbers && countCardNumbersInText(withoutIdentifiers(line)) > 0) findings.push({ source, line: i + 1, kind: 'card number (PAN)' });
    for (const { kind, pattern } of SECRET_PATTERNS) if (pattern.test(line)) findings.push({ source, line: i + 1, kind });
    if (secrets.some((s) => line.includes(s))) findings.push({ source, line: i + 1, kind: 'secret value of this run' });
  }
  return findings;
}

type TCapturedResponse = { url: string; method?: string; status: number; body: string };

/**
 * The one place a full service token may appear: the answer to the requester's one-time pickup
 * (a POST server action on /settings/api, issue 5: "shown once"). Anywhere else it is a leak.
 */
function isOneTimeTokenPickup(record: TCapturedResponse, finding: TLeakFinding): boolean {
  return finding.kind === 'service token' && record.method === 'POST' && /^https?:\/\/[^/]+\/settings\/api\/?(\?.*)?$/.test(record.url);
}

/** A capture file holds one JSON response record per line: scan each body, name its URL. */
function scanCaptureFile(file: string, knownSecrets: readonly string[]): TLeakFinding[] {
  const findings: TLeakFinding[] = [];
  for (const [i, raw] of readFileSync(file, 'utf8').split('\n').entries()) {
    if (!raw.trim()) continue;
    let record: TCapturedResponse;
    try {
      record = JSON.parse(raw) as TCapturedResponse;
    } catch {
      findings.push(...scanText(raw, `${file}:${i + 1}`, knownSecrets));
      continue;
    }
    // The build's static chunks are the same for every visitor and hold no data: secrets only.
    const buildOutput = /^https?:\/\/[^/]+\/_next\/static\//.test(record.url);
    const found = scanText(record.body, `${path.basename(file)}:${i + 1} ${record.url}`, knownSecrets, !buildOutput);
    findings.push(...found.filter((f) => !isOneTimeTokenPickup(record, f)));
  }
  return findings;
}

export function listFiles(roots: readonly string[], accept: (file: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    if (!existsSync(p)) return;
    if (statSync(p).isDirectory()) for (const name of readdirSync(p)) walk(path.join(p, name));
    else if (accept(p)) out.push(p);
  };
  roots.forEach(walk);
  return out.sort();
}

export type TLeakScanResult = { files: number; responses: number; findings: TLeakFinding[] };

export function scanFiles(files: readonly string[], knownSecrets: readonly string[] = []): TLeakScanResult {
  const findings: TLeakFinding[] = [];
  let responses = 0;
  for (const file of files) {
    if (file.endsWith('.jsonl') && path.basename(file).startsWith('responses-')) {
      responses += readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).length;
      findings.push(...scanCaptureFile(file, knownSecrets));
    } else {
      findings.push(...scanText(readFileSync(file, 'utf8'), file, knownSecrets));
    }
  }
  return { files: files.length, responses, findings };
}
