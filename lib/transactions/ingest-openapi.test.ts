import { describe, expect, it } from 'vitest';
import { GET } from '@/app/api/v1/openapi.json/route';
import { NextRequest } from 'next/server';
import { validBody } from './ingest-test-helpers';
import { buildIngestOpenApi } from './ingest-openapi';

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 and describes the ingest endpoint with its error statuses', () => {
    const doc = buildIngestOpenApi('https://countersign.example') as { openapi: string; paths: Record<string, { post: { responses: Record<string, unknown> } }> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths['/api/v1/transactions']!.post.responses).sort()).toEqual(['201', '400', '401', '403', '409', '413', '415', '422']);
  });

  it('derives the request schema from the zod schema (currency enum, amount bounds, strict objects)', () => {
    const doc = buildIngestOpenApi('http://x') as { components: { schemas: { IngestTransaction: { properties: Record<string, Record<string, unknown>>; required: string[]; additionalProperties: boolean } } } };
    const s = doc.components.schemas.IngestTransaction;
    expect(s.properties.currency!.enum).toContain('EUR');
    expect(s.properties.amountMinor).toMatchObject({ type: 'integer', minimum: 1 });
    expect(s.required).toEqual(expect.arrayContaining(['externalId', 'amountMinor', 'currency', 'paymentMethod']));
    expect(s.additionalProperties).toBe(false);
    expect(Object.keys(s.properties).sort()).toEqual(Object.keys(validBody()).sort());
  });

  it('documents the header formats the server accepts, from the server\'s own patterns', () => {
    const doc = buildIngestOpenApi('http://x') as { paths: Record<string, { post: { parameters: { name: string; schema: { pattern?: string } }[]; responses: Record<string, { headers?: Record<string, unknown> }> } }> };
    const post = doc.paths['/api/v1/transactions']!.post;
    const pattern = (name: string) => new RegExp(post.parameters.find((p) => p.name === name)!.schema.pattern!);
    expect(pattern('X-Signature-Timestamp').test('1760000000')).toBe(true);
    expect(pattern('X-Signature-Timestamp').test('001760000000')).toBe(false);
    expect(pattern('X-Signature-Timestamp').test('1234567890123')).toBe(false);
    expect(pattern('Idempotency-Key').test('order-42:retry/1')).toBe(true);
    expect(pattern('Idempotency-Key').test('has space')).toBe(false);
    expect(pattern('Idempotency-Key').test('x'.repeat(256))).toBe(false);
    expect(post.responses['201']!.headers).toHaveProperty('Idempotent-Replayed');
  });

  it('is served at GET /api/v1/openapi.json', async () => {
    const res = await GET(new NextRequest('http://localhost/api/v1/openapi.json'), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { openapi: string }).openapi).toBe('3.1.0');
  });
});
