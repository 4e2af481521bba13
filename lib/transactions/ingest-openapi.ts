/**
 * The OpenAPI 3.1 document of the ingest API, generated from the same zod schemas that
 * validate requests (zod 4 `z.toJSONSchema`, JSON Schema 2020-12 = OpenAPI 3.1's dialect).
 */
import { z } from 'zod';
import { ZErrorResponse, ZIngestResponse, ZIngestTransaction } from './schemas';

const schema = (s: z.ZodType, io: 'input' | 'output') => {
  const json = z.toJSONSchema(s, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
};

const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

export function buildIngestOpenApi(serverUrl: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Countersign ingest API',
      version: '1.0.0',
      description:
        'The payment core submits card transactions for risk scoring. The answer says synchronously whether to allow, hold for review (frozen) or decline. Card numbers are refused: send the vault token, BIN and last four digits only.',
    },
    servers: [{ url: serverUrl }],
    security: [{ serviceToken: [] }],
    paths: {
      '/api/v1/transactions': {
        post: {
          operationId: 'ingestTransaction',
          summary: 'Submit a transaction for risk scoring',
          parameters: [
            { name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', minLength: 1, maxLength: 255 }, description: 'Same key and body → the first response again (kept ≥ 24 h); same key, different body → 422; still in progress → 409.' },
            { name: 'X-Signature-Timestamp', in: 'header', required: false, schema: { type: 'string', pattern: '^[0-9]+$' }, description: 'Unix seconds; must be within 5 minutes of the server clock.' },
            { name: 'X-Signature', in: 'header', required: false, schema: { type: 'string', pattern: '^v1=[0-9a-f]{64}$' }, description: 'v1=hex(HMAC-SHA256(signing secret, "<timestamp>.<raw body>")); required for tokens created with "require signature".' },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/IngestTransaction' } } } },
          responses: {
            '201': { description: 'Scored and stored', content: { 'application/json': { schema: { $ref: '#/components/schemas/IngestResult' } } } },
            '400': error('Malformed JSON (with line and column) or a missing Idempotency-Key'),
            '401': error('Missing, unknown, expired or revoked token; bad or stale signature'),
            '403': error('The token lacks the transactions:ingest scope'),
            '409': error('Same Idempotency-Key still in progress, or the externalId was already ingested'),
            '413': error('Body larger than 64 KB'),
            '415': error('Content type is not application/json'),
            '422': error('Validation failed (issues list the paths), a card number was found, or the Idempotency-Key was used with another body'),
          },
        },
      },
    },
    components: {
      securitySchemes: { serviceToken: { type: 'http', scheme: 'bearer', description: 'Service token (cst_…) created through an approved request, scope transactions:ingest' } },
      schemas: {
        IngestTransaction: schema(ZIngestTransaction, 'input'),
        IngestResult: schema(ZIngestResponse, 'output'),
        Error: schema(ZErrorResponse, 'output'),
      },
    },
  };
}
