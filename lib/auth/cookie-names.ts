/**
 * Cookie names shared by middleware (Edge: no imports here, so it stays edge-safe) and the
 * auth data layer. `__Host-` pins a cookie to this exact host, path `/` and Secure; the
 * callback cookie is `__Secure-` because next-auth sets it with a path.
 */
export const SESSION_COOKIE = '__Host-countersign.session';
export const CSRF_COOKIE = '__Host-countersign.csrf';
export const CALLBACK_COOKIE = '__Secure-countersign.callback-url';
export const BROWSER_BINDING_COOKIE = '__Host-countersign.binding';
