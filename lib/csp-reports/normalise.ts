/**
 * Makes a reported violation safe to store and groupable: query strings and fragments are
 * dropped (they may carry tokens), one-time tokens in known paths are masked, data:/blob:
 * URIs are reduced to their scheme, and the fingerprint groups by directive + blocked
 * origin/keyword + document path.
 */
import { createHash } from 'node:crypto';
import type { TCspViolation } from './schema';

const MAX_STORED = 1024;
/** Paths whose last segment is a secret (setup, invite and recovery links): never store the token. */
const TOKEN_PATHS = [/^(\/setup\/)[^/]+/, /^(\/invite\/)[^/]+/, /^(\/recover\/)[^/]+/];

export type TNormalisedViolation = {
  fingerprint: string;
  documentUri: string;
  effectiveDirective: string;
  blockedUri: string;
  sourceFile: string | null;
  lineNumber: number | null;
  disposition: 'enforce' | 'report';
};

function maskPath(pathname: string): string {
  return TOKEN_PATHS.reduce((p, re) => p.replace(re, '$1[token]'), pathname);
}

type TUriParts = { stored: string; key: string; path: string };

/** Splits a reported URI into what is stored, the grouping key, and the (masked) path. */
export function describeUri(raw: string): TUriParts {
  const value = raw.trim();
  if (value === '') return { stored: '(none)', key: '(none)', path: '' };
  // Keywords browsers use instead of a URL: inline, eval, wasm-eval, trusted-types-sink, self…
  if (/^[a-z][a-z-]{0,40}$/.test(value)) return { stored: value, key: value, path: '' };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { stored: '(invalid)', key: '(invalid)', path: '' };
  }
  if (['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) {
    const path = maskPath(url.pathname);
    return { stored: `${url.origin}${path}`.slice(0, MAX_STORED), key: url.origin, path };
  }
  // data:, blob:, about:, extension schemes: the scheme is the useful part; the rest may be
  // megabytes of inline data or an opaque id.
  const scheme = url.protocol.replace(/:$/, '').slice(0, 40);
  return { stored: scheme, key: scheme, path: '' };
}

export function fingerprintOf(effectiveDirective: string, blockedKey: string, documentPath: string): string {
  return createHash('sha256').update(`${effectiveDirective}\n${blockedKey}\n${documentPath}`).digest('hex');
}

export function normaliseViolation(v: TCspViolation): TNormalisedViolation {
  const document = describeUri(v.documentUri);
  const blocked = describeUri(v.blockedUri);
  const source = v.sourceFile ? describeUri(v.sourceFile).stored : null;
  return {
    fingerprint: fingerprintOf(v.effectiveDirective, blocked.key, document.path || document.stored),
    documentUri: document.stored,
    effectiveDirective: v.effectiveDirective,
    blockedUri: blocked.stored,
    sourceFile: source,
    lineNumber: v.lineNumber,
    disposition: v.disposition,
  };
}
