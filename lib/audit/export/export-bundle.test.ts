/** The Export button's download: page filter + format, row count up front, JSONL as a self-verifying bundle. */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '@/db/schema';
import type { TActor } from '@/lib/auth/current-staff';
import { withFirstAdminDb, type TFirstAdmin } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { appendAuditEvent } from '../append-audit-event';
import { appendSampleEvents } from '../test-helpers';
import { openAuditDownload } from './export-bundle';
import { grantAuditorRole, readAll } from './test-bundle';
import { verifyAuditBundle } from './verify-audit-bundle';

let t: TTestDb;
let admin: TFirstAdmin;
let auditor: TActor;
withFirstAdminDb((ctx) => ({ t, admin } = ctx));
beforeAll(async () => {
  auditor = await grantAuditorRole(t.db, admin);
  await appendSampleEvents(t.db, 12);
  await t.db.transaction((tx) =>
    appendAuditEvent(tx, { action: 'auth.sign_in.failed', actor: { type: 'system' }, result: 'failure', reason: '=HYPERLINK("http://x")', data: { reason: 'unknown-credential' } }),
  );
});

const download = async (query: string) => {
  const d = await openAuditDownload(t.db, auditor, new URLSearchParams(query));
  return { ...d, text: await readAll(d.stream) };
};

describe('openAuditDownload', () => {
  it('streams the whole chain as a JSONL bundle whose manifest line makes it verify offline', async () => {
    const d = await download('format=jsonl');
    expect(d.contentType).toMatch(/^application\/x-ndjson/);
    expect(d.filename).toMatch(/^countersign-audit-main-\d{8}T\d{6}Z\.jsonl$/);
    const lines = d.text.trimEnd().split('\n');
    expect(lines).toHaveLength(d.total! + 1);
    expect(JSON.parse(lines.at(-1)!)).toHaveProperty('manifest.contiguous', true);
    expect(verifyAuditBundle(d.text)).toMatchObject({ ok: true, rows: d.total, contiguous: true });
  });

  it('fails verification when a line of the bundle is edited, removed or reordered', async () => {
    const lines = (await download('format=jsonl')).text.trimEnd().split('\n');
    const manifest = lines.at(-1)!;
    const events = lines.slice(0, -1);
    const edited = [...events];
    edited[1] = edited[1]!.replace('"success"', '"denied"');
    const swapped = [events[0]!, events[2]!, events[1]!, ...events.slice(3)];
    expect(verifyAuditBundle([...edited, manifest].join('\n')).problem?.kind).toBe('modified');
    expect(verifyAuditBundle([...events.slice(0, 4), ...events.slice(5), manifest].join('\n')).problem?.kind).toBe('missing');
    expect(verifyAuditBundle([...swapped, manifest].join('\n')).problem?.kind).toBe('reordered');
  });

  it("narrows the export to the page's filter, counts it first, and audits the view with the rows", async () => {
    const d = await download('format=jsonl&category=auth&result=failure');
    expect(d.total).toBe(1);
    const result = verifyAuditBundle(d.text);
    expect(result).toMatchObject({ ok: true, rows: 1, contiguous: false });
    const [audited] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'audit.exported')).orderBy(auditEvents.seq).then((r) => r.slice(-1));
    expect(audited!.data).toMatchObject({ format: 'jsonl', rows: 1 });
    expect(String(audited!.data!.filter)).toContain('"result":"failure"');
  });

  it('writes CSV with formula-looking cells neutralised', async () => {
    const d = await download('format=csv&result=failure');
    expect(d.contentType).toMatch(/^text\/csv/);
    // RFC 4180: quoted because of the quotes, which are doubled; neutralised with a leading apostrophe.
    expect(d.text).toContain(`,"'=HYPERLINK(""http://x"")",`);
  });

  it('refuses a bad format or filter as a validation error, and an actor without export as forbidden', async () => {
    await expect(openAuditDownload(t.db, auditor, new URLSearchParams('format=xlsx'))).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(openAuditDownload(t.db, auditor, new URLSearchParams('format=csv&ip=nope'))).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(openAuditDownload(t.db, admin.actor, new URLSearchParams('format=csv'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
