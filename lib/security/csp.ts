/**
 * The Content-Security-Policy for every response: nonce-based and 'strict-dynamic', so only
 * scripts Next renders with this request's nonce (and what they load) run. Edge-safe, pure.
 */
import { isValidNonce } from './nonce';

export const CSP_REPORT_PATH = '/api/csp-report';
/** Reporting API group named by `report-to` and declared in the Reporting-Endpoints header. */
export const CSP_REPORT_GROUP = 'csp';

export type TCspOptions = { nonce: string; isDevelopment: boolean };

export function buildCsp({ nonce, isDevelopment }: TCspOptions): string {
  if (!isValidNonce(nonce)) throw new Error('CSP nonce must be base64 of at least 128 bits');
  const n = `'nonce-${nonce}'`;
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    // 'self' is ignored by browsers that understand 'strict-dynamic'; it is the CSP2 fallback.
    // Next's dev overlay and React's dev error stacks need eval; production never gets it.
    ['script-src', "'self'", n, "'strict-dynamic'", ...(isDevelopment ? ["'unsafe-eval'"] : [])],
    // A nonce in a source list makes browsers ignore 'unsafe-inline' (CSP Level 2), so the
    // development policy omits the style nonce: otherwise the dev overlay's inline styles would
    // still be blocked. Everywhere else styles are 'self' + nonce only.
    ['style-src', "'self'", ...(isDevelopment ? ["'unsafe-inline'"] : [n])],
    // Accepted, documented trade-off: Radix renders style ATTRIBUTES on the
    // server (Checkbox/Switch hidden inputs, Select's visually-hidden native select and value
    // span, Tabs content), and next/image renders style="color:transparent". React does not
    // re-apply them at hydration, so a nonce-only style-src breaks those widgets. Attribute
    // styles cannot run script, cannot add selectors, and img-src/font-src limit any url() to
    // this origin; <style> elements and all scripts stay nonce-only.
    ['style-src-attr', "'unsafe-inline'"],
    ['img-src', "'self'", 'data:', 'blob:'],
    ['font-src', "'self'", 'data:'],
    ['connect-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['frame-ancestors', "'none'"],
    ['form-action', "'self'"],
    // report-uri for browsers without the Reporting API (Firefox); report-to for the rest.
    ['report-uri', CSP_REPORT_PATH],
    ['report-to', CSP_REPORT_GROUP],
  ];
  return directives.map((d) => d.join(' ')).join('; ');
}

/** Value of the `Reporting-Endpoints` header that backs `report-to csp`. */
export const REPORTING_ENDPOINTS = `${CSP_REPORT_GROUP}="${CSP_REPORT_PATH}"`;
