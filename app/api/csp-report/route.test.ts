/** Integration: the real route handler against a fresh migrated database. */
import { NextRequest } from 'next/server';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { auditEventQueue, auditEvents, cspReports, rateLimits } from '@/db/schema';
import { sequenceAuditQueue } from '@/lib/audit/sequence-audit-queue';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';
import { PEER_ADDRESS_HEADER } from '@/lib/http/request-meta';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { CSP_NEW_FINGERPRINTS_PER_HOUR, CSP_NEW_FINGERPRINTS_PER_REQUEST } from '@/lib/csp-reports/record-csp-reports';
import { POST } from './route';

const auditSwitch = vi.hoisted(() => ({ fail: false }));
vi.mock('@/lib/audit/enqueue-audit-event', async (importOriginal) => {
  const real = await importOriginal<typeof import('@/lib/audit/enqueue-audit-event')>();
  return {
    ...real,
    enqueueAuditEvent: (...args: Parameters<typeof real.enqueueAuditEvent>) => {
      if (auditSwitch.fail) throw new Error('audit store unavailable');
      return real.enqueueAuditEvent(...args);
    },
  };
});

let t: TTestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.dispose();
});
beforeEach(async () => {
  auditSwitch.fail = false;
  await t.db.delete(cspReports);
  await t.db.delete(rateLimits);
});

let ipCounter = 0;
function post(body: string | Uint8Array<ArrayBuffer>, opts: { type?: string; ip?: string; headers?: Record<string, string> } = {}) {
  const ip = opts.ip ?? `203.0.113.${(ipCounter++ % 250) + 1}`;
  const req = new NextRequest('http://localhost:3000/api/csp-report', {
    method: 'POST',
    body,
    headers: { 'content-type': opts.type ?? 'application/csp-report', [PEER_ADDRESS_HEADER]: ip, ...opts.headers },
  });
  return POST(req, { params: Promise.resolve({}) });
}

const legacy = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    'csp-report': {
      'document-uri': 'http://localhost:3000/staff?page=2',
      'effective-directive': 'script-src-elem',
      'blocked-uri': 'https://evil.example/x.js?session=abc',
      'source-file': 'http://localhost:3000/_next/static/chunks/app.js?v=1',
      'line-number': 12,
      disposition: 'enforce',
      ...over,
    },
  });

/** CSP events are queued; the sequencer (a background loop in the app) links them into the chain. */
const cspAuditCount = async () => {
  await sequenceAuditQueue(t.db);
  return (await t.db.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(eq(auditEvents.action, 'csp.report_received')))[0]!.n;
};

describe('POST /api/csp-report', () => {
  it('stores a legacy report with query strings stripped and answers 204', async () => {
    const res = await post(legacy());
    expect(res.status).toBe(204);
    expect(res.headers.get('x-request-id')).toBeTruthy();
    const rows = await t.db.select().from(cspReports);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      documentUri: 'http://localhost:3000/staff',
      effectiveDirective: 'script-src-elem',
      blockedUri: 'https://evil.example/x.js',
      sourceFile: 'http://localhost:3000/_next/static/chunks/app.js',
      lineNumber: 12,
      disposition: 'enforce',
      count: 1,
    });
    expect(JSON.stringify(rows)).not.toContain('session=abc');
  });

  it('never stores a setup or invite token from the document path', async () => {
    await post(legacy({ 'document-uri': 'http://localhost:3000/setup/S3cr3tT0ken?x=1' }));
    const rows = await t.db.select().from(cspReports);
    expect(rows[0]!.documentUri).toBe('http://localhost:3000/setup/[token]');
    const queued = await t.db.select().from(auditEventQueue);
    expect(queued.length).toBeGreaterThan(0);
    expect(JSON.stringify(queued)).not.toContain('S3cr3tT0ken');
    await sequenceAuditQueue(t.db);
    const audits = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'csp.report_received'));
    expect(audits.length).toBeGreaterThan(0);
    expect(JSON.stringify(audits)).not.toContain('S3cr3tT0ken');
  });

  it('accepts a Reporting API batch and aggregates repeats by fingerprint', async () => {
    const entry = (blocked: string) => ({
      type: 'csp-violation',
      age: 1,
      url: 'http://localhost:3000/roles',
      body: { documentURL: 'http://localhost:3000/roles?tab=1', effectiveDirective: 'img-src', blockedURL: blocked, disposition: 'enforce' },
    });
    const batch = [entry('https://img.example/a.png'), entry('https://img.example/b.png?t=1'), entry('data:image/png;base64,AAAA')];
    expect((await post(JSON.stringify(batch), { type: 'application/reports+json' })).status).toBe(204);
    const rows = await t.db.select().from(cspReports).orderBy(cspReports.blockedUri);
    expect(rows.map((r) => [r.blockedUri, r.count])).toEqual([
      ['data', 1],
      ['https://img.example/a.png', 2],
    ]);
  });

  it('counts repeats on one row and audits only at 1, 10, 100…', async () => {
    const before = await cspAuditCount();
    for (let i = 0; i < 12; i++) expect((await post(legacy({ 'effective-directive': 'style-src-elem' }))).status).toBe(204);
    const rows = await t.db.select().from(cspReports);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.count).toBe(12);
    expect(rows[0]!.lastSeenAt.getTime()).toBeGreaterThanOrEqual(rows[0]!.firstSeenAt.getTime());
    expect((await cspAuditCount()) - before).toBe(2);
    const [last] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'csp.report_received')).orderBy(sql`seq desc`).limit(1);
    expect(last).toMatchObject({ actorType: 'system', targetType: 'csp_report', targetId: rows[0]!.id, data: { count: 10, directive: 'style-src-elem' } });
    expect(await t.db.select().from(auditEventQueue)).toEqual([]);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('rolls the report back when its audit event cannot be written', async () => {
    auditSwitch.fail = true;
    const res = await post(legacy());
    expect(res.status).toBe(500);
    expect(await t.db.select().from(cspReports)).toEqual([]);
    expect(await t.db.select().from(auditEventQueue)).toEqual([]);
  });

  it('refuses an unsupported content type with 415', async () => {
    const res = await post(legacy(), { type: 'text/plain' });
    expect(res.status).toBe(415);
    expect((await res.json()).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses malformed JSON with 400', async () => {
    const res = await post('{"csp-report": ', {});
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('BAD_REQUEST');
  });

  it('refuses a well-formed body of the wrong shape with 422', async () => {
    for (const body of ['{"hello":"world"}', '[]', legacy({ 'line-number': 'twelve' })]) {
      const res = await post(body);
      expect(res.status, body).toBe(422);
      expect((await res.json()).error.code).toBe('VALIDATION');
    }
    expect(await t.db.select().from(cspReports)).toEqual([]);
  });

  it('refuses bodies over 8 KB with 413, by declared and by actual size', async () => {
    const big = legacy({ 'script-sample': 'x'.repeat(9000) });
    expect((await post(big)).status).toBe(413);
    // 3 000 "€" are 9 000 bytes but 3 000 characters: the limit counts bytes.
    const multibyte = legacy({ 'script-sample': '€'.repeat(3000) });
    expect(multibyte.length).toBeLessThan(8192);
    expect((await post(new TextEncoder().encode(multibyte))).status).toBe(413);
    // A Content-Length that understates the body does not get it past the limit.
    expect((await post(big, { headers: { 'content-length': '100' } })).status).toBe(413);
    expect(await t.db.select().from(cspReports)).toEqual([]);
  });

  it('accepts a body just under the limit', async () => {
    const body = legacy({ 'script-sample': '' });
    const padded = legacy({ 'script-sample': 'x'.repeat(8192 - body.length) });
    expect(new TextEncoder().encode(padded).byteLength).toBe(8192);
    expect((await post(padded)).status).toBe(204);
  });

  it('rate-limits per client IP with 429 and Retry-After', async () => {
    // Fixed windows are aligned to the clock: pin Date inside one window so a slow run cannot
    // cross a boundary halfway through the 60 requests.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 60_000 + 1_000));
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const ip = '198.51.100.77';
    for (let i = 0; i < 60; i++) expect((await post(legacy(), { ip })).status).toBe(204);
    const limited = await post(legacy(), { ip });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await limited.json()).error.code).toBe('RATE_LIMITED');
    // Invalid bodies count too, so a flood of junk is limited as well.
    expect((await post('junk', { ip, type: 'text/plain' })).status).toBe(429);
    expect((await post(legacy(), { ip: '198.51.100.78' })).status).toBe(204);
  });

  it('counts IPv6 clients by their /64, so rotating addresses within it buys nothing', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 60_000 + 1_000));
    onTestFinished(() => {
      vi.useRealTimers();
    });
    for (let i = 0; i < 60; i++) expect((await post(legacy(), { ip: `2001:db8:1:2::${(i + 1).toString(16)}` })).status).toBe(204);
    expect((await post(legacy(), { ip: '2001:db8:1:2:ffff::1' })).status).toBe(429);
    expect((await post(legacy(), { ip: '2001:db8:1:3::1' })).status).toBe(204);
  });

  describe('a sender making every report a new fingerprint', () => {
    const spread = (n: number, tag: string) =>
      JSON.stringify(
        Array.from({ length: n }, (_, i) => ({
          type: 'csp-violation',
          body: { documentURL: `http://localhost:3000/f${tag}${i}`, effectiveDirective: 'img-src', blockedURL: 'https://i.example/a', disposition: 'enforce' },
        })),
      );
    const overflowRow = async () => (await t.db.select().from(cspReports).where(eq(cspReports.effectiveDirective, '(overflow)')))[0];

    it('stores at most 5 new fingerprints per request and counts the rest on one overflow row', async () => {
      const before = await cspAuditCount();
      expect((await post(spread(40, 'one'), { type: 'application/reports+json' })).status).toBe(204);
      const rows = await t.db.select().from(cspReports);
      expect(rows).toHaveLength(CSP_NEW_FINGERPRINTS_PER_REQUEST + 1);
      expect((await overflowRow())?.count).toBe(40 - CSP_NEW_FINGERPRINTS_PER_REQUEST);
      expect((await cspAuditCount()) - before).toBe(CSP_NEW_FINGERPRINTS_PER_REQUEST + 1);
      // Known fingerprints are still counted in full.
      expect((await post(spread(5, 'one'), { type: 'application/reports+json' })).status).toBe(204);
      expect((await t.db.select().from(cspReports)).filter((r) => r.count === 2)).toHaveLength(CSP_NEW_FINGERPRINTS_PER_REQUEST);
    });

    it('stops adding fingerprints after the hourly cap, from any number of addresses', async () => {
      const before = await cspAuditCount();
      const requests = CSP_NEW_FINGERPRINTS_PER_HOUR / CSP_NEW_FINGERPRINTS_PER_REQUEST + 3;
      for (let r = 0; r < requests; r++) expect((await post(spread(CSP_NEW_FINGERPRINTS_PER_REQUEST, `h${r}`), { type: 'application/reports+json' })).status).toBe(204);
      const rows = await t.db.select().from(cspReports);
      expect(rows).toHaveLength(CSP_NEW_FINGERPRINTS_PER_HOUR + 1);
      expect((await overflowRow())?.count).toBe(3 * CSP_NEW_FINGERPRINTS_PER_REQUEST);
      // One event per stored fingerprint, plus the overflow row's first sighting and its tenth report.
      expect((await cspAuditCount()) - before).toBe(CSP_NEW_FINGERPRINTS_PER_HOUR + 2);
    });
  });
});
