/**
 * Authenticates the payment core: looks the bearer token up by its SHA-256 hash, confirms the
 * digest in constant time, and refuses revoked, expired or out-of-scope tokens. `last_used_at`
 * is written at most once a minute per token (a conditional update), so a busy token does not
 * turn every request into a write on the same row. The lookup runs on every ingest request, so
 * lookups of one event-loop turn share one named prepared statement instead of a query-builder
 * query each; every request still reads its row after it arrived, so a revocation applies to the
 * very next request.
 */
import 'server-only';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { runPrepared, type TPreparedStatement } from '@/db/prepared-statement';
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

type TTokenRow = {
  id: string;
  name: string;
  tokenHash: string;
  scopes: string[];
  revokedAt: Date | null;
  expiresAt: Date;
  lastUsedAt: Date | null;
  requireSignature: boolean;
  hmacSecretEnc: string;
};

/** The rows of a jsonb array of token hashes: one named prepared statement (db/prepared-statement.ts) for every lookup of a turn. */
const LOOKUP_TOKENS: TPreparedStatement = {
  name: 'authenticate_service_tokens',
  text: `select id, name, token_hash, scopes, revoked_at, expires_at, last_used_at, require_signature, hmac_secret_enc
    from service_tokens where token_hash in (select jsonb_array_elements_text($1::jsonb))`,
};

type TRawTokenRow = {
  id: string; name: string; token_hash: string; scopes: string[]; revoked_at: string | Date | null; expires_at: string | Date;
  last_used_at: string | Date | null; require_signature: boolean; hmac_secret_enc: string;
};

const dateOrNull = (v: string | Date | null) => (v === null ? null : new Date(v));

/**
 * Token lookups started in the same event-loop turn share one query (a busy payment core sends
 * many requests at once). Each lookup is only queued once its request has arrived and the query
 * runs after that, so every request still reads its token's row as it is now: a revocation
 * applies to the very next request.
 */
type TWaiting = Map<string, { resolve: (row: TTokenRow | undefined) => void; reject: (e: unknown) => void }[]>;
const waitingByDb = new WeakMap<TDb, TWaiting>();

async function flushLookups(db: TDb, waiting: TWaiting): Promise<void> {
  try {
    const rows = await runPrepared<TRawTokenRow>(db, LOOKUP_TOKENS, [JSON.stringify([...waiting.keys()])]);
    const byHash = new Map(rows.map((r) => [r.token_hash, r]));
    for (const [hash, waiters] of waiting) {
      const r = byHash.get(hash);
      const row: TTokenRow | undefined = r && {
        id: r.id, name: r.name, tokenHash: r.token_hash, scopes: r.scopes, revokedAt: dateOrNull(r.revoked_at), expiresAt: new Date(r.expires_at),
        lastUsedAt: dateOrNull(r.last_used_at), requireSignature: r.require_signature, hmacSecretEnc: r.hmac_secret_enc,
      };
      for (const w of waiters) w.resolve(row);
    }
  } catch (e) {
    for (const waiters of waiting.values()) for (const w of waiters) w.reject(e);
  }
}

function lookupToken(db: TDb, hash: string): Promise<TTokenRow | undefined> {
  let batch = waitingByDb.get(db);
  if (!batch) {
    const fresh: TWaiting = new Map();
    waitingByDb.set(db, fresh);
    setImmediate(() => {
      waitingByDb.delete(db);
      void flushLookups(db, fresh);
    });
    batch = fresh;
  }
  const waiters = batch.get(hash) ?? [];
  batch.set(hash, waiters);
  return new Promise((resolve, reject) => void waiters.push({ resolve, reject }));
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
  const row = await lookupToken(db, hash);
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
