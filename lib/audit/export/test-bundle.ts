/** Test-only helpers for the export suites: an actor allowed to export, and a whole export read into memory. */
import 'server-only';
import { eq } from 'drizzle-orm';
import { roles, staffRoles } from '@/db/schema';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { actorFor, type TFirstAdmin } from '@/lib/testing/auth-factories';
import { exportAuditEvents, type TAuditExportResult, type TExportAuditEventsOptions } from './export-audit-events';

/** Gives the first administrator the built-in auditor role too (administrators may not export on their own). */
export async function grantAuditorRole(db: TDb, admin: TFirstAdmin): Promise<TActor> {
  const [auditor] = await db.select().from(roles).where(eq(roles.key, 'auditor'));
  await db.insert(staffRoles).values({ staffId: admin.staffId, roleId: auditor!.id }).onConflictDoNothing();
  return actorFor(db, admin.session.id);
}

export async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  let text = '';
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) text += decoder.decode(r.value, { stream: true });
  return text + decoder.decode();
}

export async function exportToText(db: TDb, actor: TActor, opts: TExportAuditEventsOptions): Promise<{ text: string; result: TAuditExportResult }> {
  const { stream, done } = await exportAuditEvents(db, actor, opts);
  const text = await readAll(stream);
  return { text, result: await done };
}
