/** Test helpers for the ingest API: a valid body, tokens, a request builder and row counts. */
import { count, eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { auditEvents, customers, idempotencyKeys, serviceTokens, transactions } from '@/db/schema';
import type { TDb } from '@/db/types';
import { POST } from '@/app/api/v1/transactions/route';
import { createServiceToken, type TCreateServiceTokenInput } from '@/lib/service-tokens/create-service-token';
import { signRequest } from '@/lib/service-tokens/request-signature';

let seq = 0;

export function validBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  seq += 1;
  return {
    externalId: `tx-test-${Date.now().toString(36)}-${seq}`,
    amountMinor: 4_250,
    currency: 'EUR',
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
    merchant: { name: 'Corner Books', categoryCode: '5942', country: 'FR' },
    customer: { reference: `cust-${seq % 7}`, name: 'Test Person', email: 'test.person@example.test', phone: '+33 1 23 45 67 89' },
    paymentMethod: { token: 'tok_visa_4f9a2c', bin: '411111', last4: '1111', brand: 'visa', expiryMonth: 12, expiryYear: 2030 },
    channel: 'ecommerce',
    device: { id: 'dev-1', fingerprint: 'fp-abc123', ip: '203.0.113.10', userAgent: 'Mozilla/5.0' },
    geolocation: { country: 'FR', lat: 48.8566, lon: 2.3522 },
    ...overrides,
  };
}

export async function makeToken(db: TDb, opts: Partial<TCreateServiceTokenInput> = {}) {
  return db.transaction((tx) =>
    createServiceToken(
      tx,
      {
        name: 'payment core',
        scopes: ['transactions:ingest'],
        expiresAt: new Date(Date.now() + 86_400_000),
        requireSignature: false,
        createdBy: null,
        ...opts,
      },
      { actor: { type: 'system' } },
    ),
  );
}

export type TPostOptions = {
  token?: string | null;
  key?: string | null;
  contentType?: string | null;
  sign?: { secret: string; timestamp?: number; tamper?: boolean };
  headers?: Record<string, string>;
};

let keySeq = 0;

export async function postIngest(body: unknown, o: TPostOptions = {}): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string> = { ...o.headers };
  if (o.token !== null && o.token !== undefined) headers.authorization = `Bearer ${o.token}`;
  if (o.contentType !== null) headers['content-type'] = o.contentType ?? 'application/json';
  keySeq += 1;
  if (o.key !== null) headers['idempotency-key'] = o.key ?? `key-${Date.now()}-${keySeq}`;
  if (o.sign) {
    const ts = o.sign.timestamp ?? Math.floor(Date.now() / 1000);
    headers['x-signature'] = signRequest(o.sign.secret, ts, o.sign.tamper ? raw + ' ' : raw);
    headers['x-signature-timestamp'] = String(ts);
  }
  const req = new NextRequest('http://localhost/api/v1/transactions', { method: 'POST', headers, body: raw });
  const res = await POST(req, { params: Promise.resolve({}) });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
}

export async function ingestCounts(db: TDb) {
  const n = async (q: Promise<{ n: number }[]>) => Number((await q)[0]?.n ?? 0);
  return {
    transactions: await n(db.select({ n: count() }).from(transactions)),
    customers: await n(db.select({ n: count() }).from(customers)),
    idempotencyKeys: await n(db.select({ n: count() }).from(idempotencyKeys)),
    ingestEvents: await n(db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, 'transaction.ingested'))),
  };
}

export async function setTokenState(db: TDb, id: string, patch: { revokedAt?: Date | null; expiresAt?: Date; scopes?: string[] }) {
  await db.update(serviceTokens).set(patch).where(eq(serviceTokens.id, id));
}

export const errorCode = (json: Record<string, unknown>) => (json.error as { code?: string } | undefined)?.code;
export const errorMessage = (json: Record<string, unknown>) => (json.error as { message?: string } | undefined)?.message ?? '';
