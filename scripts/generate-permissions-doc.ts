/** Writes docs/permissions.md from the permission vocabulary (`npm run docs:permissions`). */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderPermissionsDoc } from '@/lib/permissions/render-permissions-doc';

const target = path.resolve(process.cwd(), 'docs/permissions.md');
writeFileSync(target, renderPermissionsDoc());
console.log(`wrote ${path.relative(process.cwd(), target)}`);
