/**
 * Every route of the app, from the file system: each app/**\/page.tsx and app/**\/route.ts
 * becomes a concrete URL path (route groups dropped, dynamic segments filled with a
 * placeholder that need not exist: a 404 must carry the same headers as a 200).
 */
import path from 'node:path';
import { listFiles } from './leak-scan';

export type TRoute = { path: string; kind: 'page' | 'api' };

const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';

function segment(s: string): string | null {
  if (/^\(.*\)$/.test(s)) return null; // route group
  if (s === '[...nextauth]') return 'session';
  if (/^\[\.\.\..+\]$/.test(s) || /^\[\[\.\.\..+\]\]$/.test(s)) return 'x';
  if (/^\[.+\]$/.test(s)) return PLACEHOLDER_ID;
  return s;
}

/** `files` are paths relative to the repository root, e.g. "app/(console)/staff/[id]/page.tsx". */
export function routesFromFiles(files: readonly string[]): TRoute[] {
  const routes = new Map<string, TRoute>();
  for (const file of files) {
    const parts = file.split(/[\\/]/);
    const name = parts.at(-1);
    if (parts[0] !== 'app' || (name !== 'page.tsx' && name !== 'route.ts')) continue;
    if (parts.some((p) => p.startsWith('_'))) continue; // private folders
    const segments = parts.slice(1, -1).map(segment).filter((s): s is string => s !== null);
    const url = `/${segments.join('/')}`;
    routes.set(url, { path: url, kind: name === 'route.ts' ? 'api' : 'page' });
  }
  return [...routes.values()].sort((a, b) => a.path.localeCompare(b.path));
}

export function appRoutes(root = process.cwd()): TRoute[] {
  const files = listFiles([path.join(root, 'app')], (f) => /[\\/](page\.tsx|route\.ts)$/.test(f)).map((f) => path.relative(root, f));
  return routesFromFiles(files);
}
