/** Ingest API for the payment core: see lib/transactions/ingest-request.ts and GET /api/v1/openapi.json. */
import { apiRoute } from '@/lib/http/api-route';
import { handleIngestRequest } from '@/lib/transactions/ingest-request';

export const POST = apiRoute((req, { meta }) => handleIngestRequest(req, meta));
