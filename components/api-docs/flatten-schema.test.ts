import { describe, expect, it } from 'vitest';
import { buildIngestOpenApi } from '@/lib/transactions/ingest-openapi';
import { flattenSchema } from './flatten-schema';

describe('flattenSchema', () => {
  const doc = buildIngestOpenApi('http://x') as { components: { schemas: Record<string, Parameters<typeof flattenSchema>[0]> } };
  const rows = flattenSchema(doc.components.schemas.IngestTransaction!);

  it('lists nested fields by dotted path with their required flag', () => {
    expect(rows.find((r) => r.path === 'merchant.categoryCode')).toMatchObject({ required: true, rules: expect.stringContaining('pattern') });
    expect(rows.find((r) => r.path === 'device.ip')).toMatchObject({ required: false });
    expect(rows.find((r) => r.path === 'customer.email')).toMatchObject({ required: false });
  });

  it('summarises long enums instead of printing every value', () => {
    expect(rows.find((r) => r.path === 'currency')?.type).toMatch(/^enum \(\d+ values\)$/);
    expect(rows.find((r) => r.path === 'channel')?.type).toContain('ecommerce');
  });

  it('shows numeric bounds', () => {
    expect(rows.find((r) => r.path === 'amountMinor')?.rules).toContain('≥ 1');
  });
});
