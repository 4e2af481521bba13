import { createPublicKey, verify } from 'node:crypto';
import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { GET } from '@/app/api/audit/public-key/route';
import { getAuditSigningKey } from './audit-signing-key';
import { checkpointSigningPayload, signCheckpoint } from './checkpoint-signature';

describe('GET /api/audit/public-key', () => {
  it('serves the SPKI public key and key id, publicly cacheable for an hour', async () => {
    const res = await GET(new NextRequest('http://localhost/api/audit/public-key'), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
    const body = (await res.json()) as { algorithm: string; keyId: string; pem: string };
    expect(body.algorithm).toBe('Ed25519');
    expect(body.keyId).toBe(getAuditSigningKey().keyId);
    expect(body.pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(body.pem).not.toMatch(/PRIVATE/);
  });

  it('serves a key that verifies checkpoint signatures made by the server', async () => {
    const res = await GET(new NextRequest('http://localhost/api/audit/public-key'), { params: Promise.resolve({}) });
    const { pem, keyId } = (await res.json()) as { keyId: string; pem: string };
    const cp = { chain: 'main', seq: 7, hash: 'a'.repeat(64), createdAt: new Date(), keyId };
    const signature = signCheckpoint(cp, getAuditSigningKey().privateKey);
    expect(verify(null, checkpointSigningPayload(cp), createPublicKey(pem), Buffer.from(signature, 'base64'))).toBe(true);
  });
});
