/**
 * Parses docs/controls.md: each table row is one control (ID, requirement, how it is met,
 * proofs); each proof is `file` › "exact test name". Used by scripts/controls-map.test.ts.
 */
export type TProof = { file: string; testName: string };
export type TControl = { id: string; section: string; proofs: TProof[] };

const PROOF = /`([^`]+)`\s*›\s*"([^"]+)"/g;

export function parseControls(markdown: string): TControl[] {
  const controls: TControl[] = [];
  let section = '';
  for (const line of markdown.split('\n')) {
    const heading = /^##\s+(.+)$/.exec(line);
    if (heading) section = heading[1]!.trim();
    const cells = line.split('|').map((c) => c.trim());
    // | ID | Requirement | How | Proven by |  → ['', id, req, how, proofs, '']
    if (cells.length < 6 || !line.startsWith('|') || cells[1] === 'ID' || /^-+$/.test(cells[1] ?? '')) continue;
    const proofs = [...(cells[4] ?? '').matchAll(PROOF)].map((m) => ({ file: m[1]!, testName: m[2]! }));
    controls.push({ id: cells[1]!, section, proofs });
  }
  return controls;
}

/** A test title as it appears in source: quotes unescaped, so names can be compared as written in the map. */
export function sourceText(source: string): string {
  return source.replace(/\\'/g, "'").replace(/\\"/g, '"');
}
