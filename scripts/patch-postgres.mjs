/**
 * postinstall: guards postgres.js 3.4.x against writing on a connection whose socket has closed
 * (upstream porsager/postgres#1208, fix proposed in #1209, not released as of 3.4.9).
 *
 * The driver defers small writes with setImmediate. When the backend of a RESERVED connection (a
 * transaction) dies, closed() sets `socket = null`; the transaction's next statement (or its
 * ROLLBACK) is then written from that deferred callback, which dereferences the null socket: an
 * uncaught TypeError that takes the whole server down, while the statement's promise never
 * settles. The teardown paths also cancel the deferred write without forgetting it, so the stale
 * bytes and timer survive into the connection's next socket.
 *
 * The patch makes the deferred write settle instead: with no socket it drops the buffered bytes
 * and rejects the connection's statements with CONNECTION_CLOSED (a normal, catchable error), and
 * both teardown paths forget the buffer and the timer. It is idempotent, touches only the three
 * builds of connection.js (ESM, CommonJS, workerd), and refuses loudly (without failing the
 * install) when the driver's text is not the one it knows. db/postgres-driver-guard.test.ts
 * checks that the installed driver carries the guard and reproduces the crash it prevents.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MARKER = '/* countersign: closed-socket write guard (porsager/postgres#1208) */';
export const DRIVER_FILES = ['src/connection.js', 'cjs/src/connection.js', 'cf/src/connection.js'];

const NEXT_WRITE = `  function nextWrite(fn) {
    const x = socket.write(chunk, fn)`;
const GUARDED_NEXT_WRITE = `  function nextWrite(fn) {
    ${MARKER}
    if (!socket) {
      nextWriteTimer !== null && clearImmediate(nextWriteTimer)
      chunk = nextWriteTimer = null
      error(Errors.connection('CONNECTION_CLOSED', options))
      return false
    }
    const x = socket.write(chunk, fn)`;
const TEARDOWN = /\n {4}clearImmediate\(nextWriteTimer\)\n(?! {4}chunk = nextWriteTimer = null\n)/g;
const FORGETFUL_TEARDOWN = '\n    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n';

/** True when `source` (a connection.js) already carries the guard. */
export function isPatched(source) {
  return source.includes(MARKER) && !source.includes(NEXT_WRITE) && (source.match(TEARDOWN) ?? []).length === 0;
}

/** The patched text of `source`, or null when it is not the driver text this patch knows. */
export function patchSource(source) {
  if (isPatched(source)) return source;
  if (source.split(NEXT_WRITE).length !== 2 || (source.match(TEARDOWN) ?? []).length !== 2) return null;
  return source.replace(NEXT_WRITE, GUARDED_NEXT_WRITE).replace(TEARDOWN, FORGETFUL_TEARDOWN);
}

function main() {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', 'postgres');
  if (!existsSync(join(root, 'package.json'))) return;
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  for (const file of DRIVER_FILES) {
    const path = join(root, file);
    if (!existsSync(path)) continue;
    const source = readFileSync(path, 'utf8');
    const patched = patchSource(source);
    if (patched === null) {
      console.warn(`[patch-postgres] postgres@${version} ${file}: unknown text, NOT patched; db/postgres-driver-guard.test.ts will fail until the guard is ported`);
      continue;
    }
    if (patched !== source) writeFileSync(path, patched);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
