/**
 * The OpenAPI 3.1 document of the ingest API, generated from the same zod schemas that
 * validate requests (zod 4 `z.toJSONSchema`, JSON Schema 2020-12 = OpenAPI 3.1's dialect).
 */
import { z } from 'zod';
import { ZErrorResponse, ZIngestResponse, ZIngestTransaction } from './schemas';
import { SIGNATURE_TIMESTAMP_RE } from '@/lib/service-tokens/request-signature';
import { IDEMPOTENCY_KEY_RE } from './ingest-idempotency';

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
            { name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', pattern: IDEMPOTENCY_KEY_RE.source }, description: '1–255 visible ASCII characters, scoped to the token. Same key and body → the first response again (kept ≥ 24 h, with `Idempotent-Replayed: true`); same key, different body → 422; still in progress → 409. The key is not covered by the signature: a replay with a new key is refused by the externalId uniqueness (409).' },
            { name: 'X-Signature-Timestamp', in: 'header', required: false, schema: { type: 'string', pattern: SIGNATURE_TIMESTAMP_RE.source }, description: 'Unix seconds without leading zeros; must be within 5 minutes of the server clock.' },
            { name: 'X-Signature', in: 'header', required: false, schema: { type: 'string', pattern: '^v1=[0-9a-f]{64}$' }, description: 'v1=hex(HMAC-SHA256(signing secret, "<timestamp>.<raw body bytes>")); required for tokens created with "require signature". Only the timestamp and body are signed.' },
          ],
          requestBody: {
            required: true,
            description: 'Content-Type `application/json` or `application/json; charset=utf-8` (anything else → 415); UTF-8 without a byte order mark; at most 64 KB.',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/IngestTransaction' } } },
          },
          responses: {
            '201': {
              description: 'Scored and stored (or, for a repeated Idempotency-Key with the same body, the first answer again)',
              headers: { 'Idempotent-Replayed': { description: '`true` when this is the stored answer to an earlier request with the same Idempotency-Key', schema: { type: 'string', enum: ['true'] } } },
              content: { 'application/json': { schema: { $ref: '#/components/schemas/IngestResult' } } },
            },
            '400': error('Malformed JSON (with line and column), invalid UTF-8, a byte order mark, or a missing or malformed Idempotency-Key'),
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
