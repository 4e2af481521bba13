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

  it('is served at GET /api/v1/openapi.json', async () => {
    const res = await GET(new NextRequest('http://localhost/api/v1/openapi.json'), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { openapi: string }).openapi).toBe('3.1.0');
  });
});
