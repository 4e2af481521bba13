/**
 * The full response-header set every route must carry (the skeleton issue's list, as
 * middleware.ts + lib/security/headers.ts set it), checked on one response's headers.
 * e2e/security-headers.spec.ts checks the details on a few routes; the gate applies this to
 * every route, signed in and anonymous, through the HAProxy TLS front.
 */
import { CSP_REPORT_PATH } from '@/lib/security/csp';

export type THeaderContext = { overTls: boolean; signedIn: boolean; api: boolean };

export type THeaderProblem = string;

/** A CSP header as directive name → values (also used by e2e/security-headers.spec.ts). */
export function parseCspDirectives(csp: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of csp.split(';').map((p) => p.trim()).filter(Boolean)) {
    const [name, ...values] = part.split(/\s+/);
    map.set(name!.toLowerCase(), values);
  }
  return map;
}

function cspProblems(csp: string | undefined): THeaderProblem[] {
  if (!csp) return ['Content-Security-Policy missing'];
  const d = parseCspDirectives(csp);
  const problems: THeaderProblem[] = [];
  const expectExactly = (name: string, value: string) => {
    if ((d.get(name) ?? []).join(' ') !== value) problems.push(`CSP ${name} is "${(d.get(name) ?? []).join(' ')}", expected "${value}"`);
  };
  expectExactly('default-src', "'self'");
  expectExactly('object-src', "'none'");
  expectExactly('base-uri', "'none'");
  expectExactly('frame-ancestors', "'none'");
  expectExactly('form-action', "'self'");
  const script = d.get('script-src') ?? [];
  const nonce = script.find((v) => v.startsWith("'nonce-"));
  if (!nonce || nonce.slice(7, -1).replace(/=+$/, '').length < 22) problems.push('CSP script-src has no nonce of at least 128 bits');
  if (!script.includes("'strict-dynamic'")) problems.push("CSP script-src lacks 'strict-dynamic'");
  for (const bad of ["'unsafe-inline'", "'unsafe-eval'", '*', 'http:', 'https:', 'data:']) {
    if (script.includes(bad)) problems.push(`CSP script-src allows ${bad}`);
  }
  if ((d.get('style-src') ?? []).includes("'unsafe-inline'")) problems.push("CSP style-src allows 'unsafe-inline'");
  if (!(d.get('report-uri') ?? []).includes(CSP_REPORT_PATH)) problems.push('CSP has no report-uri');
  return problems;
}

const EXACT: [string, string][] = [
  ['x-content-type-options', 'nosniff'],
  ['referrer-policy', 'no-referrer'],
  ['x-frame-options', 'DENY'],
  ['cross-origin-opener-policy', 'same-origin'],
  ['cross-origin-resource-policy', 'same-origin'],
];

/** Problems with one response's headers (lower-case names); empty = compliant. */
export function headerProblems(h: Record<string, string | undefined>, ctx: THeaderContext): THeaderProblem[] {
  const problems = cspProblems(h['content-security-policy']);
  for (const [name, value] of EXACT) if (h[name] !== value) problems.push(`${name} is ${h[name] ?? 'missing'}, expected ${value}`);
  const permissions = (h['permissions-policy'] ?? '').replace(/\s+/g, '');
  for (const denied of ['camera=()', 'microphone=()', 'geolocation=()', 'payment=()', 'usb=()']) {
    if (!permissions.includes(denied)) problems.push(`permissions-policy lacks ${denied}`);
  }
  if (!/^[A-Za-z0-9._:-]{8,64}$/.test(h['x-request-id'] ?? '')) problems.push('x-request-id missing or malformed');
  if (h['x-powered-by'] !== undefined) problems.push('x-powered-by is present');
  if (h.server && /next|node|express/i.test(h.server)) problems.push(`server header reveals ${h.server}`);
  if (ctx.overTls && !/max-age=(\d+)/.test(h['strict-transport-security'] ?? '')) problems.push('strict-transport-security missing over TLS');
  const maxAge = Number(/max-age=(\d+)/.exec(h['strict-transport-security'] ?? '')?.[1] ?? 0);
  if (ctx.overTls && maxAge < 31_536_000) problems.push(`HSTS max-age ${maxAge} is below one year`);
  if ((ctx.signedIn || ctx.api) && !/no-store/.test(h['cache-control'] ?? '')) problems.push(`cache-control is ${h['cache-control'] ?? 'missing'}, expected no-store`);
  return problems;
}
