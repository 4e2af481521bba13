/**
 * Which paths the middleware's optimistic gate lets through without a session cookie.
 * This is UX only (redirect early, avoid rendering a page that will refuse anyway): every
 * data-layer function re-checks the session, so a wrong entry here exposes nothing.
 */

/** Exact paths and whole subtrees (the path itself and everything below it). */
const PUBLIC_TREES = [
  '/login',
  '/setup', // first-administrator enrolment: /setup/<token>
  '/invite', // invitee enrolment: /invite/<token>
  '/recover', // passkey recovery enrolment: /recover/<token>
  '/api/auth', // next-auth
  '/api/passkeys/authenticate', // sign-in ceremony happens before there is a session
  '/api/passkeys/register', // setup/invite enrolment (session re-checked when one is needed)
  '/api/health',
  '/api/ready',
  '/api/csp-report', // browsers send reports without credentials
  '/api/audit/public-key',
  '/api/v1', // service-token APIs authenticate with a bearer token, not the cookie
  '/_next', // framework assets and data not excluded by the matcher
];

/** Files from public/ (icons, fonts, robots.txt): never an API path, never a page. */
const PUBLIC_FILE = /^\/(?!api\/)[A-Za-z0-9._/-]*\.(?:ico|png|svg|jpe?g|gif|webp|avif|woff2?|txt|webmanifest|xml)$/;

function inTree(pathname: string, root: string): boolean {
  return pathname === root || pathname.startsWith(`${root}/`);
}

export function isApiPath(pathname: string): boolean {
  return inTree(pathname, '/api');
}

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_TREES.some((root) => inTree(pathname, root)) || PUBLIC_FILE.test(pathname);
}
