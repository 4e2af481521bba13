/**
 * Structured logging (pino). Redacts secrets, tokens and PII-bearing keys wherever they
 * appear; JSON in staging/production, terse JSON lines elsewhere too (no pretty transport
 * so nothing is spawned). Never pass raw request bodies here; errors under `err` are
 * serialised without their data (query parameters, quoted values).
 */
import pino from 'pino';
import { env } from '@/lib/env';
import { serializeError } from './serialize-error';

const REDACT = [
  'token', 'secret', 'password', 'authorization', 'cookie', 'signature', 'assertion', 'challenge',
  'email', 'phone', 'pan', 'cardNumber', 'publicKey', 'privateKey',
];

let root: pino.Logger | undefined;

export function logger(): pino.Logger {
  root ??= pino({
    level: env().logLevel,
    base: { app: 'countersign', env: env().appEnv },
    redact: {
      paths: REDACT.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
      censor: '[redacted]',
    },
    // Errors keep their kind, codes and frames but not the data in their message (./serialize-error.ts).
    serializers: { err: serializeError, error: serializeError },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
  return root;
}

/** A child logger bound to one request (and staff member when known). */
export function requestLogger(requestId: string, staffId?: string): pino.Logger {
  return logger().child(staffId ? { requestId, staffId } : { requestId });
}
