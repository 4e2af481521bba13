/**
 * The app's public endpoints as the source tree declares them: every function exported by an
 * `actions.ts` ('use server' modules export nothing else) and every HTTP method handler exported
 * by a `route.ts`. Modules are imported, so re-exports (`export { handle as GET }`) count too.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

export type TDiscoveredEndpoint = { key: string; file: string };

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : walk(full);
    return entry.name === 'actions.ts' || entry.name === 'route.ts' ? [full] : [];
  });
}

/** `app/(console)/api/x/[id]/route.ts` → `/api/x/[id]`: route groups and parallel-route slots are not URL segments. */
export function routePathOf(appDir: string, file: string): string {
  const segments = path.relative(appDir, path.dirname(file)).split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s) && !s.startsWith('@'));
  return `/${segments.join('/')}`;
}

export async function discoverEndpoints(appDir: string): Promise<TDiscoveredEndpoint[]> {
  const found: TDiscoveredEndpoint[] = [];
  for (const file of walk(appDir).sort()) {
    const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    const relative = path.relative(path.dirname(appDir), file);
    if (path.basename(file) === 'actions.ts') {
      for (const [name, value] of Object.entries(mod)) if (typeof value === 'function') found.push({ key: name, file: relative });
    } else {
      const routePath = routePathOf(appDir, file);
      for (const method of HTTP_METHODS) if (typeof mod[method] === 'function') found.push({ key: `${method} ${routePath}`, file: relative });
    }
  }
  return found;
}

/** Server action names exported by more than one module (the matrix keys actions by name). */
export function duplicateKeys(endpoints: TDiscoveredEndpoint[]): string[] {
  const seen = new Map<string, number>();
  for (const e of endpoints) seen.set(e.key, (seen.get(e.key) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([key]) => key);
}
