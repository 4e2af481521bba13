/**
 * Open-redirect guard for `?next=` return paths: only a same-origin path (plus query) is
 * ever returned; anything else becomes the fallback. Edge-safe and pure.
 */
export const MAX_RETURN_PATH_LENGTH = 512;

const PROBE_ORIGIN = 'https://return-path.invalid';
// C0 controls, DEL and C1 controls: browsers strip tab/CR/LF inside URLs, so "/\t/evil.com"
// would become "//evil.com" after the check.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;

function looksSafe(path: string): boolean {
  if (!path.startsWith('/')) return false; // relative paths and schemes ("javascript:", "https:")
  if (path.startsWith('//')) return false; // protocol-relative URL to another host
  if (path.includes('\\')) return false; // browsers treat "\" as "/" ("/\evil.com")
  if (CONTROL_CHARS.test(path)) return false;
  return true;
}

export function safeReturnPath(input: unknown, fallback = '/'): string {
  if (typeof input !== 'string' || input.length === 0 || input.length > MAX_RETURN_PATH_LENGTH) return fallback;
  if (!looksSafe(input)) return fallback;
  // Encoded tricks ("/%2F%2Fevil.com", "/%5Cevil.com", "%0a") are harmless to a browser but not
  // to a later layer that decodes once and redirects again: refuse them too.
  let decoded: string;
  try {
    decoded = decodeURIComponent(input);
  } catch {
    return fallback;
  }
  if (!looksSafe(decoded)) return fallback;
  let url: URL;
  try {
    url = new URL(input, PROBE_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PROBE_ORIGIN) return fallback;
  const path = url.pathname + url.search;
  // Returning to the sign-in page after signing in would loop.
  if (url.pathname === '/login' || url.pathname.startsWith('/login/')) return fallback;
  return looksSafe(path) ? path : fallback;
}
