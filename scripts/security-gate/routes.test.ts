import { describe, expect, it } from 'vitest';
import { appRoutes, routesFromFiles } from './routes';

describe('routesFromFiles', () => {
  it('drops route groups, fills dynamic segments and tells pages from API routes', () => {
    expect(
      routesFromFiles([
        'app/(console)/page.tsx',
        'app/(console)/staff/[id]/page.tsx',
        'app/(auth)/setup/[token]/page.tsx',
        'app/api/auth/[...nextauth]/route.ts',
        'app/api/health/route.ts',
        'app/(console)/audit/_components/audit-table.tsx',
        'app/layout.tsx',
      ]),
    ).toEqual([
      { path: '/', kind: 'page' },
      { path: '/api/auth/session', kind: 'api' },
      { path: '/api/health', kind: 'api' },
      { path: '/setup/00000000-0000-4000-8000-000000000000', kind: 'page' },
      { path: '/staff/00000000-0000-4000-8000-000000000000', kind: 'page' },
    ]);
  });

  it('finds the real app routes, including the console pages and the ingest API', () => {
    const paths = appRoutes().map((r) => r.path);
    expect(paths).toEqual(expect.arrayContaining(['/', '/login', '/staff', '/audit', '/api/health', '/api/ready', '/api/me']));
    expect(paths.length).toBeGreaterThan(15);
  });
});
