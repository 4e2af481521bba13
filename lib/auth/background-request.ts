/**
 * Marks requests the browser makes on its own (the audit log's Live polling and the refresh it
 * triggers) so they do not count as the staff member's activity (PCI DSS 8.2.8 idle lock).
 * Shared by client and server, so no imports. The mark can only skip the "last seen" update:
 * a marked request is still refused when the session is idle, so a forged mark only makes a
 * session lock sooner, never later.
 */
export const BACKGROUND_REQUEST_HEADER = 'x-countersign-background';
/** Short-lived cookie for a background `router.refresh()`, which cannot carry a header. */
export const BACKGROUND_REFRESH_COOKIE = 'countersign-background-refresh';
export const BACKGROUND_MARK = '1';
