import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseControls, sourceText } from './controls-map';

const ROOT = path.resolve(__dirname, '..');
const controls = parseControls(readFileSync(path.join(ROOT, 'docs/controls.md'), 'utf8'));

describe('docs/controls.md', () => {
  it('maps about forty ASVS 5.0 and PCI DSS 4.0.1 requirements, each with at least one automated proof', () => {
    expect(controls.length).toBeGreaterThanOrEqual(40);
    expect(controls.filter((c) => /ASVS/.test(c.section)).length).toBeGreaterThanOrEqual(20);
    expect(controls.filter((c) => /PCI/.test(c.section)).length).toBeGreaterThanOrEqual(12);
    expect(controls.filter((c) => c.proofs.length === 0).map((c) => c.id)).toEqual([]);
  });

  it('names only test files that exist and test names that are in them', () => {
    const missing: string[] = [];
    for (const c of controls) {
      for (const p of c.proofs) {
        const file = path.join(ROOT, p.file);
        if (!existsSync(file)) missing.push(`${c.id}: file ${p.file} does not exist`);
        else if (!sourceText(readFileSync(file, 'utf8')).includes(p.testName)) missing.push(`${c.id}: no test "${p.testName}" in ${p.file}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('finds a proof only where a test declares it (the check itself can fail)', () => {
    const [row] = parseControls('## OWASP ASVS 5.0\n| ID | R | H | P |\n|---|---|---|---|\n| V0 | r | h | `scripts/controls-map.test.ts` › "a test that does not exist" |\n');
    expect(row?.proofs).toEqual([{ file: 'scripts/controls-map.test.ts', testName: 'a test that does not exist' }]);
    // The name is quoted above only inside this string, so look for it as a test title.
    expect(readFileSync(path.join(ROOT, 'scripts/controls-map.test.ts'), 'utf8')).not.toMatch(/it\('a test that does not exist'/);
  });
});
