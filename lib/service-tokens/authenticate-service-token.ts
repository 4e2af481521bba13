/**
 * Authenticates the payment core: looks the bearer token up by its SHA-256 hash, confirms the
 * digest in constant time, and refuses revoked, expired or out-of-scope tokens. `last_used_at`
 * is written at most once a minute per token (a conditional update), so a busy token does not
 * turn every request into a write on the same row. The lookup runs on every ingest request, so
 * it is built once per database handle (a prepared query) instead of by the query builder each
 * time; it still reads the row on every call, so a revocation applies to the very next request.
 */
import 'server-only';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { serviceTokens } from '@/db/schema';
import type { TDb } from '@/db/types';
import { AppError } from '@/lib/errors';
import { bearerToken, hashServiceToken, looksLikeServiceToken, sameDigest } from './token-format';

export const SERVICE_SCOPES = ['transactions:ingest'] as const;
export type TServiceScope = (typeof SERVICE_SCOPES)[number];

export type TServiceTokenContext = {
  id: string;
  name: string;
  requireSignature: boolean;
  hmacSecretEnc: string;
};

const LAST_USED_THROTTLE_MS = 60_000;

function prepareTokenLookup(db: TDb) {
  return db
    .select({
      id: serviceTokens.id,
      name: serviceTokens.name,
      tokenHash: serviceTokens.tokenHash,
      scopes: serviceTokens.scopes,
      revokedAt: serviceTokens.revokedAt,
      expiresAt: serviceTokens.expiresAt,
      lastUsedAt: serviceTokens.lastUsedAt,
      requireSignature: serviceTokens.requireSignature,
      hmacSecretEnc: serviceTokens.hmacSecretEnc,
    })
    .from(serviceTokens)
    .where(eq(serviceTokens.tokenHash, sql.placeholder('hash')))
    .limit(1)
    .prepare('authenticate_service_token');
}

const tokenLookups = new WeakMap<TDb, ReturnType<typeof prepareTokenLookup>>();

function tokenLookupFor(db: TDb): ReturnType<typeof prepareTokenLookup> {
  let lookup = tokenLookups.get(db);
  if (!lookup) {
    lookup = prepareTokenLookup(db);
    tokenLookups.set(db, lookup);
  }
  return lookup;
}
const INVALID = 'The service token is missing, malformed, unknown, expired or revoked.';

export async function authenticateServiceToken(
  db: TDb,
  authorization: string | null,
  scope: TServiceScope,
  now = new Date(),
): Promise<TServiceTokenContext> {
  const token = bearerToken(authorization);
  if (!token || !looksLikeServiceToken(token)) throw new AppError('UNAUTHENTICATED', INVALID);
  const hash = hashServiceToken(token);
  const [row] = await tokenLookupFor(db).execute({ hash });
  // One message for every failure: the caller learns nothing about which tokens exist.
  if (!row || !sameDigest(row.tokenHash, hash) || row.revokedAt || row.expiresAt <= now) {
    throw new AppError('UNAUTHENTICATED', INVALID);
  }
  if (!row.scopes.includes(scope)) throw new AppError('FORBIDDEN', `This token lacks the ${scope} scope.`);
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_THROTTLE_MS) {
    await db
      .update(serviceTokens)
      .set({ lastUsedAt: now })
      .where(
        and(
          eq(serviceTokens.id, row.id),
          or(isNull(serviceTokens.lastUsedAt), lt(serviceTokens.lastUsedAt, sql`${now.toISOString()}::timestamptz - interval '60 seconds'`)),
        ),
      );
  }
  return { id: row.id, name: row.name, requireSignature: row.requireSignature, hmacSecretEnc: row.hmacSecretEnc };
}
