/** The ingest API's OpenAPI 3.1 document (public: it describes the API, holds no data). */
import { env } from '@/lib/env';
import { apiRoute } from '@/lib/http/api-route';
import { buildIngestOpenApi } from '@/lib/transactions/ingest-openapi';

export const GET = apiRoute(async () => buildIngestOpenApi(env().publicOrigin));
