/**
 * postgres.js 3.4.9 crashes the process when a statement is written on a connection whose
 * socket has already closed (upstream porsager/postgres#1208): the write is deferred with
 * setImmediate and dereferences the null socket there, an uncaught TypeError no caller can
 * catch, while the statement's promise never settles. A transaction whose backend dies (a
 * failover, an administrator's pg_terminate_backend, a network cut) reaches exactly that path
 * when it issues its next statement or its ROLLBACK. scripts/patch-postgres.mjs (postinstall)
 * guards the write so the statement rejects with CONNECTION_CLOSED instead.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVER_FILES, isPatched, patchSource } from '@/scripts/patch-postgres.mjs';

const url = process.env.DATABASE_URL;
const driverDir = join(process.cwd(), 'node_modules', 'postgres');

describe('the installed postgres.js driver', () => {
  it.each(DRIVER_FILES)('carries the closed-socket write guard in %s', (file) => {
    expect(isPatched(readFileSync(join(driverDir, file), 'utf8'))).toBe(true);
  });

  it('patches the known text once, and refuses a text it does not know', () => {
    const known = [
      '  function write(x, fn) {}',
      '  function nextWrite(fn) {',
      '    const x = socket.write(chunk, fn)',
      '  }',
      '  function terminate() {',
      '    clearImmediate(nextWriteTimer)',
      '  }',
      '  async function closed(hadError) {',
      '    clearImmediate(nextWriteTimer)',
      '  }',
    ].join('\n');
    const once = patchSource(known)!;
    expect(isPatched(known)).toBe(false);
    expect(isPatched(once)).toBe(true);
    expect(once).toContain("error(Errors.connection('CONNECTION_CLOSED', options))");
    expect(once.match(/clearImmediate\(nextWriteTimer\)\n {4}chunk = nextWriteTimer = null/g)).toHaveLength(2);
    expect(patchSource(once)).toBe(once);
    expect(patchSource(known.replace('const x = socket.write(chunk, fn)', 'const x = socket && socket.write(chunk, fn)'))).toBeNull();
  });
});

describe.skipIf(!url)('a transaction whose backend was terminated (Postgres only)', () => {
  let sql: postgres.Sql;
  let killer: postgres.Sql;
  const uncaught: unknown[] = [];
  const onUncaught = (e: unknown) => uncaught.push(e);
  beforeAll(() => {
    sql = postgres(url!, { max: 2, onnotice: () => undefined });
    killer = postgres(url!, { max: 1, onnotice: () => undefined });
    process.on('uncaughtException', onUncaught);
  });
  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    await Promise.all([sql.end({ timeout: 5 }), killer.end({ timeout: 5 })]);
  });

  it('settles a statement written after the close with CONNECTION_CLOSED, crashes nothing, and leaves the pool usable', async () => {
    let late: Promise<unknown> | undefined;
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const outcome = await sql
      .begin(async (tx) => {
        const [row] = await tx<{ pid: number }[]>`select pg_backend_pid() as pid`;
        await killer`select pg_terminate_backend(${row!.pid})`;
        // Let the socket's close be processed first: the statement below is then written on a connection without a socket.
        await sleep(300);
        late = tx`select 1`.then(() => 'ran', (e: unknown) => e);
        return late;
      })
      .then((v) => ({ ok: true as const, v }), (e: unknown) => ({ ok: false as const, e }));
    // The transaction itself fails as soon as its connection closes ...
    expect(outcome.ok).toBe(false);
    expect((outcome as { e: { code?: string } }).e.code).toBe('CONNECTION_CLOSED');
    // ... and the statement its code still writes afterwards must settle too, not hang and not throw from a timer.
    for (let i = 0; i < 100 && !late; i++) await sleep(10);
    const settled = await Promise.race([late, sleep(2_000).then(() => 'never settled')]);
    await sleep(20);
    expect(uncaught.map(String)).toEqual([]);
    expect(settled).toMatchObject({ code: 'CONNECTION_CLOSED' });
    const [after] = await sql<{ one: number }[]>`select 1 as one`;
    expect(after?.one).toBe(1);
  }, 20_000);
});
