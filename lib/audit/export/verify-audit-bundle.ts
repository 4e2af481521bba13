/**
 * Offline verification of a JSONL bundle (what the console's Export button downloads): event
 * lines followed by one last line `{"manifest": {...}}`. The manifest line is taken off the end
 * and the events are checked against it exactly as a separate manifest file would be.
 */
import { createAuditExportVerifier, type TVerifyAuditExportOptions, type TVerifyAuditExportResult } from './verify-audit-export';

/** The manifest carried by a bundle's last non-empty line, or null when that line is not one. */
export function bundleManifestOf(lastLine: string): unknown {
  try {
    const value = JSON.parse(lastLine) as unknown;
    if (typeof value === 'object' && value !== null && 'manifest' in value) return (value as { manifest: unknown }).manifest;
  } catch {
    // not JSON: reported as a missing manifest below
  }
  return null;
}

export function lastNonEmptyLine(text: string): { line: string; index: number } | null {
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line.trim() !== '') return { line, index: i };
  }
  return null;
}

export function verifyAuditBundle(text: string, opts: TVerifyAuditExportOptions = {}): TVerifyAuditExportResult {
  const last = lastNonEmptyLine(text);
  const manifest = last ? bundleManifestOf(last.line) : null;
  if (!last || manifest === null) {
    return { ok: false, rows: 0, contiguous: null, checkpoint: null, keyPinned: false, problem: { line: null, kind: 'malformed', detail: 'the bundle does not end with a {"manifest": …} line' } };
  }
  const verifier = createAuditExportVerifier(manifest, opts);
  const lines = text.split('\n');
  for (let i = 0; i < last.index; i++) verifier.addLine(lines[i]!);
  return verifier.finish();
}
