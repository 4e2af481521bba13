/**
 * Whether an error means the database connection itself was lost (closed, reset, or the backend
 * terminated), as opposed to a statement failing on a live connection. Such an error says
 * nothing about the work in flight except that its transaction did not commit on that
 * connection; callers that must record an outcome do so on a fresh connection.
 */
const DRIVER_CODES = new Set(['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ETIMEDOUT']);
// SQLSTATE class 08 (connection exception) and 57P01-57P03 (admin/crash shutdown, cannot connect now).
const SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123])$/;

/** True when `e`, or an error it wraps (`cause`, as drizzle's DrizzleQueryError does), is a lost connection. */
export function isConnectionLost(e: unknown): boolean {
  let current: unknown = e;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (DRIVER_CODES.has(code) || SQLSTATE.test(code))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
