/**
 * The only reader of `process.env`. Validates configuration with zod once at start and
 * refuses unsafe settings outside development/test (missing or weak secrets, PGlite,
 * plain-http origins, demo data, idle timeouts above PCI DSS 8.2.8's 15 minutes).
 */
import { z } from 'zod';
import { loadDevSecrets } from './env-dev-secrets';
import type { TPiiKeyring } from './crypto/keyring';
import { resolvePiiKeyring } from './crypto/resolve-pii-keyring';
import { parseBackupConfig, type TBackupConfig } from './backup/parse-backup-config';
import { parseReviewSettings, type TReviewConfig } from './review/review-config';
import { parseTrustedProxies, type TTrustedProxies } from './http/trusted-proxies';
import { parseAttestationRoots } from './auth/parse-attestation-roots';

const ZBool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const ZAppEnv = z.enum(['development', 'test', 'staging', 'production']);
export type TAppEnv = z.infer<typeof ZAppEnv>;

const ZRawEnv = z.object({
  /** Unset: `production` in a production build (NODE_ENV=production: fail closed), else `development`. */
  APP_ENV: ZAppEnv.optional(),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  PUBLIC_ORIGIN: z.string().url().default('http://localhost:3000'),
  SESSION_SECRET: z.string().optional(),
  AUDIT_SIGNING_KEY: z.string().optional(),
  SESSION_IDLE_SECONDS: z.coerce.number().int().min(10).default(900),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24).default(12),
  AUDIT_CHECKPOINT_EVERY: z.coerce.number().int().min(1).default(100),
  AUDIT_CHECKPOINT_MINUTES: z.coerce.number().int().min(1).default(10),
  SEED_DEMO_DATA: ZBool.optional(),
  TRUST_PROXY: ZBool.default(false),
  /** With TRUST_PROXY: the proxies' addresses or CIDR blocks, comma-separated (lib/http/trusted-proxies.ts). */
  TRUSTED_PROXIES: z.string().max(2000).optional(),
  WEBAUTHN_AAGUID_ALLOWLIST: z.string().optional(),
  /** With the allow-list: PEM root certificates (or their base64) that attestation chains must verify against. */
  WEBAUTHN_ATTESTATION_ROOTS: z.string().max(200_000).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SIGN_IN_FAILURES_PER_IP: z.coerce.number().int().min(1).default(20),
  /** Minutes between in-process audit chain verifications; 0 turns it off (default: 60, off under APP_ENV=test). */
  AUDIT_VERIFY_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(10_080).optional(),
  PII_KEYS: z.string().optional(),
  PII_ACTIVE_KEY_ID: z.string().optional(),
  PII_BLIND_INDEX_KEY: z.string().optional(),
  BACKUP_KEY: z.string().optional(),
  BACKUP_KEY_ID: z.string().optional(),
  BACKUP_RETIRED_KEYS: z.string().optional(),
  BACKUP_DIR: z.string().min(1).optional(),
  WEBHOOK_URL: z.string().url().optional(),
  WEBHOOK_SECRET: z.string().optional(),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  OUTBOX_POLL_SECONDS: z.coerce.number().int().min(0).max(3600).default(10),
  OUTBOX_BACKOFF_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  REVIEW_SLA_MINUTES: z.string().optional(),
  REVIEW_RELEASE_APPROVAL_MINOR: z.string().optional(),
});

export type TEnv = {
  appEnv: TAppEnv;
  isProductionLike: boolean;
  databaseUrl: string | undefined;
  dataDir: string;
  pgliteDir: string;
  publicOrigin: string;
  rpId: string;
  rpName: string;
  secureOrigin: boolean;
  sessionSecret: string;
  auditSigningKeyPem: string;
  sessionIdleSeconds: number;
  sessionAbsoluteHours: number;
  auditCheckpointEvery: number;
  auditCheckpointMinutes: number;
  seedDemoData: boolean;
  trustProxy: boolean;
  /** Only these connections may name the client in X-Forwarded-For (null: any, under TRUST_PROXY). */
  trustedProxies: TTrustedProxies | null;
  aaguidAllowList: string[];
  /** DER (base64) of the attestation roots; used only with aaguidAllowList, which env refuses without them. */
  attestationRootsDer: string[];
  logLevel: string;
  signInFailuresPerIp: number;
  auditVerifyIntervalMinutes: number;
  /** PII encryption keys (versioned) and the blind-index HMAC key; see lib/crypto. */
  pii: TPiiKeyring;
  /** Backup encryption key and directory (lib/backup). */
  backup: TBackupConfig;
  /** Outbox webhook delivery; `url` null = not configured (messages stay pending). */
  webhook: { url: string | null; secret: string | null; maxAttempts: number; pollSeconds: number; backoffSeconds: number };
  /** Review queue: SLA minutes per risk level, per-currency release approval thresholds (lib/review/review-config). */
  review: TReviewConfig;
};

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Countersign refuses to start; fix these settings:\n  - ${problems.join('\n  - ')}`);
    this.name = 'EnvError';
  }
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Parses and checks an environment object; exported for tests. */
export function parseEnv(source: Record<string, string | undefined>): TEnv {
  const parsed = ZRawEnv.safeParse(source);
  if (!parsed.success) {
    throw new EnvError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  // A production build that forgot APP_ENV must not run with development's generated secrets,
  // demo data and relaxed CSP: it gets production's rules, and is told why if they refuse it.
  const assumedProduction = parsed.data.APP_ENV === undefined && source.NODE_ENV === 'production';
  const raw = { ...parsed.data, APP_ENV: parsed.data.APP_ENV ?? (assumedProduction ? 'production' : 'development') } as const;
  const productionLike = raw.APP_ENV === 'staging' || raw.APP_ENV === 'production';
  const problems: string[] = [];
  const origin = new URL(raw.PUBLIC_ORIGIN);

  let sessionSecret = raw.SESSION_SECRET;
  let auditKey = raw.AUDIT_SIGNING_KEY;
  if (productionLike) {
    if (!sessionSecret) problems.push('SESSION_SECRET is missing (64+ random hex characters)');
    else if (sessionSecret.length < 32 || /^(.)\1+$/.test(sessionSecret) || /secret|changeme|password/i.test(sessionSecret))
      problems.push('SESSION_SECRET is weak (use 32+ random bytes, e.g. `openssl rand -hex 32`)');
    if (!auditKey) problems.push('AUDIT_SIGNING_KEY is missing (Ed25519 private key, PKCS#8 PEM or its base64)');
    if (!raw.DATABASE_URL) problems.push('DATABASE_URL is missing: the embedded PGlite database is for development only');
    if (origin.protocol !== 'https:' && !LOCAL_HOSTS.has(origin.hostname))
      problems.push('PUBLIC_ORIGIN must be https:// outside localhost');
    if (raw.SEED_DEMO_DATA === true) problems.push('SEED_DEMO_DATA must be false in staging/production');
    if (raw.SESSION_IDLE_SECONDS > 900) problems.push('SESSION_IDLE_SECONDS may not exceed 900 (PCI DSS 8.2.8)');
    if (raw.WEBHOOK_URL && !raw.WEBHOOK_URL.startsWith('https://')) problems.push('WEBHOOK_URL must be https:// in staging/production');
  } else if (!sessionSecret || !auditKey) {
    const dev = loadDevSecrets(raw.DATA_DIR);
    sessionSecret ??= dev.sessionSecret;
    auditKey ??= dev.auditSigningKeyPem;
  }
  if (raw.WEBHOOK_URL && (!raw.WEBHOOK_SECRET || raw.WEBHOOK_SECRET.length < 32)) {
    problems.push('WEBHOOK_SECRET must be set (32+ random characters) when WEBHOOK_URL is set: receivers verify the HMAC with it');
  }
  const trustedProxies = raw.TRUSTED_PROXIES?.trim() ? parseTrustedProxies(raw.TRUSTED_PROXIES, problems) : null;
  if (raw.TRUSTED_PROXIES?.trim() && !raw.TRUST_PROXY) problems.push('TRUSTED_PROXIES is set but TRUST_PROXY is not: set TRUST_PROXY=true as well, or remove TRUSTED_PROXIES');
  const review = parseReviewSettings(raw.REVIEW_SLA_MINUTES, raw.REVIEW_RELEASE_APPROVAL_MINOR, problems);
  const backup = parseBackupConfig(raw, { dataDir: raw.DATA_DIR, productionLike, devSecret: () => sessionSecret! }, problems);
  const pii = resolvePiiKeyring(raw, { productionLike, dataDir: raw.DATA_DIR });
  problems.push(...pii.problems);
  const aaguidAllowList = (raw.WEBAUTHN_AAGUID_ALLOWLIST ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const attestationRootsDer = parseAttestationRoots(raw.WEBAUTHN_ATTESTATION_ROOTS, aaguidAllowList.length > 0, problems);
  if (problems.length > 0 && assumedProduction) problems.unshift('APP_ENV is not set in a production build (NODE_ENV=production), so production rules apply: set APP_ENV (production, staging or test) explicitly');
  if (problems.length > 0) throw new EnvError(problems);

  const auditSigningKeyPem = auditKey!.includes('BEGIN')
    ? auditKey!
    : Buffer.from(auditKey!, 'base64').toString('utf8');

  return {
    appEnv: raw.APP_ENV,
    isProductionLike: productionLike,
    databaseUrl: raw.DATABASE_URL,
    dataDir: raw.DATA_DIR,
    pgliteDir: `${raw.DATA_DIR}/pglite`,
    publicOrigin: origin.origin,
    rpId: origin.hostname,
    rpName: 'Countersign',
    secureOrigin: origin.protocol === 'https:',
    sessionSecret: sessionSecret!,
    auditSigningKeyPem,
    sessionIdleSeconds: raw.SESSION_IDLE_SECONDS,
    sessionAbsoluteHours: raw.SESSION_ABSOLUTE_HOURS,
    auditCheckpointEvery: raw.AUDIT_CHECKPOINT_EVERY,
    auditCheckpointMinutes: raw.AUDIT_CHECKPOINT_MINUTES,
    seedDemoData: raw.SEED_DEMO_DATA ?? raw.APP_ENV === 'development',
    trustProxy: raw.TRUST_PROXY,
    trustedProxies,
    aaguidAllowList,
    attestationRootsDer,
    logLevel: raw.LOG_LEVEL,
    signInFailuresPerIp: raw.SIGN_IN_FAILURES_PER_IP,
    auditVerifyIntervalMinutes: raw.AUDIT_VERIFY_INTERVAL_MINUTES ?? (raw.APP_ENV === 'test' ? 0 : 60),
    pii: pii.keyring!,
    backup,
    webhook: {
      url: raw.WEBHOOK_URL ?? null,
      secret: raw.WEBHOOK_URL ? raw.WEBHOOK_SECRET! : null,
      maxAttempts: raw.OUTBOX_MAX_ATTEMPTS,
      pollSeconds: raw.OUTBOX_POLL_SECONDS,
      backoffSeconds: raw.OUTBOX_BACKOFF_SECONDS,
    },
    review,
  };
}

let cached: TEnv | undefined;

/** The validated configuration of this process (parsed once). */
export function env(): TEnv {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Test hook: forget the parsed configuration so a test can change process.env. */
export function resetEnvForTests(): void {
  cached = undefined;
}
