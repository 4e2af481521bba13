/** Ingest API for the payment core: see lib/transactions/ingest-request.ts and GET /api/v1/openapi.json. */
import type { NextRequest } from 'next/server';
import { apiRoute } from '@/lib/http/api-route';
import { applyApiSecurityHeaders } from '@/lib/http/body-request-headers';
import { handleIngestRequest } from '@/lib/transactions/ingest-request';

const ingest = apiRoute((req, { meta }) => handleIngestRequest(req, meta));

// A request with a body skips middleware.ts (lib/http/body-request-headers.ts): the headers it would have set are set here.
export async function POST(req: NextRequest, ctx: { params: Promise<Record<string, string>> }): Promise<Response> {
  return applyApiSecurityHeaders(req, await ingest(req, ctx));
}
