/**
 * middleware.ts runs on the Edge runtime: it and everything it imports must stay free of
 * Node built-ins, the database, lib/env.ts and server-only modules. Walks the real import graph.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const FORBIDDEN = [/^node:/, /^@\/db\b/, /^@\/lib\/env\b/, /^server-only$/, /^(fs|path|crypto|os|child_process)$/];

function resolveLocal(spec: string, from: string): string | null {
  if (spec.startsWith('@/')) return path.join(ROOT, `${spec.slice(2)}.ts`);
  if (spec.startsWith('.')) return path.resolve(path.dirname(from), `${spec}.ts`);
  return null;
}

function importGraph(entry: string): { files: string[]; specs: string[] } {
  const files: string[] = [];
  const specs: string[] = [];
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (files.includes(file)) continue;
    files.push(file);
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const spec = (m[1] ?? m[2] ?? m[3])!;
      specs.push(spec);
      const local = resolveLocal(spec, file);
      if (local) queue.push(local);
    }
  }
  return { files, specs };
}

describe('middleware import graph', () => {
  it('uses no Node built-ins, database, lib/env.ts or server-only modules', () => {
    const { files, specs } = importGraph(path.join(ROOT, 'middleware.ts'));
    expect(files.length).toBeGreaterThan(5);
    const bad = specs.filter((s) => FORBIDDEN.some((re) => re.test(s)));
    expect(bad).toEqual([]);
    const external = specs.filter((s) => !s.startsWith('.') && !s.startsWith('@/'));
    expect(new Set(external)).toEqual(new Set(['next/server']));
  });
});
