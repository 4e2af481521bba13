/**
 * POST /api/v1/transactions, everything between the HTTP request and the ingest use case.
 * Order matters: authenticate the token, check the media type and Idempotency-Key, read at
 * most 64 KB, verify the HMAC signature, then parse → PAN guard → zod. Only a request that
 * passed all of these reaches the database: it joins the group-commit batcher (ingest-batcher.ts),
 * which claims its Idempotency-Key and ingests it in a batch transaction, so a refused request stores nothing.
 */
import 'server-only';
import { NextResponse } from 'next/server';
import { getDbHandle } from '@/db/client';
import { decryptField } from '@/lib/crypto';
import { AppError } from '@/lib/errors';
import { readLimitedText } from '@/lib/http/read-limited-body';
import type { TRequestMeta } from '@/lib/http/request-meta';
import { authenticateServiceToken, type TServiceTokenContext } from '@/lib/service-tokens/authenticate-service-token';
import { checkRequestSignature, SIGNATURE_HEADER, SIGNATURE_TIMESTAMP_HEADER } from '@/lib/service-tokens/request-signature';
import { parseIngestBody } from './ingest-body-guard';
import { ingestBatcherFor } from './ingest-batcher';
import { parseIdempotencyKey, requestHash } from './ingest-idempotency';

export const MAX_INGEST_BODY_BYTES = 64 * 1024;
const JSON_TYPE = /^application\/json\s*(;\s*charset=utf-8\s*)?$/i;

function verifySignature(token: TServiceTokenContext, headers: Headers, raw: string, now: Date): void {
  const sent = { signature: headers.get(SIGNATURE_HEADER), timestamp: headers.get(SIGNATURE_TIMESTAMP_HEADER) };
  if (!sent.signature && !sent.timestamp && !token.requireSignature) return;
  const secret = decryptField({ table: 'service_tokens', column: 'hmac_secret_enc', rowId: token.id, envelope: token.hmacSecretEnc });
  const check = checkRequestSignature(secret, sent, raw, now.getTime());
  if (check.ok) return;
  const why = {
    missing: 'This token requires a signed request (X-Signature and X-Signature-Timestamp).',
    malformed: 'The signature headers are malformed (X-Signature: v1=<hex>, X-Signature-Timestamp: <unix seconds>).',
    stale: 'The signature timestamp is more than 5 minutes from the server clock.',
    mismatch: 'The request signature does not match.',
  }[check.reason];
  throw new AppError('UNAUTHENTICATED', why);
}

export async function handleIngestRequest(req: Request, meta: TRequestMeta, now = new Date()): Promise<Response> {
  const { db, driver } = await getDbHandle();
  const token = await authenticateServiceToken(db, req.headers.get('authorization'), 'transactions:ingest', now);
  if (!JSON_TYPE.test(req.headers.get('content-type') ?? '')) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
  }
  const key = parseIdempotencyKey(req.headers.get('idempotency-key'));
  const raw = await readLimitedText(req, MAX_INGEST_BODY_BYTES, `The body may be at most ${MAX_INGEST_BODY_BYTES} bytes.`);
  verifySignature(token, req.headers, raw, now);
  const input = parseIngestBody(raw);

  const outcome = await ingestBatcherFor(db, driver).submit({ tokenId: token.id, key, hash: requestHash(raw), input, meta });
  if (!outcome.ok) throw outcome.error;
  return NextResponse.json(outcome.body, { status: outcome.status, headers: outcome.replayed ? { 'idempotent-replayed': 'true' } : undefined });
}
