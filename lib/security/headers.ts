/**
 * The security headers every middleware-handled response carries (pages, API routes,
 * redirects, 401s, public files). Edge-safe and pure so tests can check the exact set.
 */
import { REPORTING_ENDPOINTS } from './csp';

/**
 * Deny powerful features the console never uses; allow only WebAuthn (passkeys) and
 * clipboard writes (copying an invite link) for this origin. `browsing-topics` replaces the
 * retired `interest-cohort`, which current Chromium reports as an unrecognised feature.
 */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'browsing-topics=()',
  'camera=()',
  'clipboard-read=()',
  'clipboard-write=(self)',
  'display-capture=()',
  'encrypted-media=()',
  'fullscreen=()',
  'geolocation=()',
  'gyroscope=()',
  'hid=()',
  'identity-credentials-get=()',
  'idle-detection=()',
  'local-fonts=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'otp-credentials=()',
  'payment=()',
  'picture-in-picture=()',
  'publickey-credentials-create=(self)',
  'publickey-credentials-get=(self)',
  'screen-wake-lock=()',
  'serial=()',
  'usb=()',
  'window-management=()',
  'xr-spatial-tracking=()',
].join(', ');

/** Two years, the HSTS preload list's expectation; only sent when the public origin is https. */
export const HSTS_VALUE = 'max-age=63072000; includeSubDomains';

export type TSecurityHeaderOptions = {
  csp: string;
  requestId: string;
  secureOrigin: boolean;
  /** Signed-in traffic and API answers must never sit in a shared or browser cache. */
  noStore: boolean;
};

export function securityHeaders(o: TSecurityHeaderOptions): Record<string, string> {
  return {
    'Content-Security-Policy': o.csp,
    'Reporting-Endpoints': REPORTING_ENDPOINTS,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Permissions-Policy': PERMISSIONS_POLICY,
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    // Legacy twin of frame-ancestors 'none' for browsers that ignore CSP framing rules.
    'X-Frame-Options': 'DENY',
    'x-request-id': o.requestId,
    ...(o.secureOrigin ? { 'Strict-Transport-Security': HSTS_VALUE } : {}),
    ...(o.noStore ? { 'Cache-Control': 'no-store' } : {}),
  };
}

export function applySecurityHeaders(target: Headers, o: TSecurityHeaderOptions): void {
  for (const [name, value] of Object.entries(securityHeaders(o))) target.set(name, value);
}
