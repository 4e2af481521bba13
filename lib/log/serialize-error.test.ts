import pino from 'pino';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { logger } from './logger';
import { scrubErrorMessage, serializeError } from './serialize-error';

let t: TTestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => t?.dispose());

async function dbError(query: Promise<unknown>): Promise<unknown> {
  try {
    await query;
  } catch (e) {
    return e;
  }
  throw new Error('the query should have failed');
}

describe('errors in the log carry no data', () => {
  it('a failed query: its params and the value PostgreSQL quotes stay out, its code stays in', async () => {
    const e = await dbError(t.db.execute(sql`select ${'cust-secret-7'}::uuid as id, ${'fp-secret-9'}::text as fp`));
    expect(String((e as Error).message) + String((e as { cause?: Error }).cause?.message)).toMatch(/cust-secret-7/);
    const logged = JSON.stringify(serializeError(e));
    expect(logged).not.toMatch(/cust-secret-7|fp-secret-9/);
    expect(logged).toContain('22P02'); // invalid_text_representation, from the driver's error (the cause)
    expect(logged).toMatch(/at /); // stack frames kept
  });

  it('a NUL byte in a parameter (a note, a reason) does not put the text in the log', async () => {
    const e = await dbError(t.db.execute(sql`select ${'note about Jane Doe\u0000x'}::text as note`));
    expect(JSON.stringify(serializeError(e))).not.toMatch(/Jane Doe/);
  });

  it('a timestamp out of range: the value is masked', async () => {
    const e = await dbError(t.db.execute(sql`select ${'+010000-01-01T23:58:59.000Z'}::timestamptz as at`));
    expect(JSON.stringify(serializeError(e))).not.toContain('010000');
  });

  it('masks quoted values and key values but keeps identifiers', () => {
    expect(scrubErrorMessage('invalid input syntax for type uuid: "cust-7"')).toBe('invalid input syntax for type uuid: "[redacted]"');
    expect(scrubErrorMessage('duplicate key value violates unique constraint "tx_external_id_key"')).toContain('"tx_external_id_key"');
    expect(scrubErrorMessage('Key (external_id)=(ext-42) already exists.')).toBe('Key (external_id)=([redacted]) already exists.');
    expect(scrubErrorMessage('Failed query: insert into t values ($1)\nparams: 203.0.113.10,tok_x')).toBe('Failed query: insert into t values ($1) [params redacted]');
    expect(scrubErrorMessage(`Unexpected token 'x', "4111 1111" is not valid JSON`)).not.toContain('4111');
  });

  it('drops fields that carry values (detail, params, query parameters)', () => {
    const e = Object.assign(new Error('boom'), { code: '23505', detail: 'Key (id)=(secret) already exists.', params: ['secret'], parameters: ['secret'], constraint_name: 'pk' });
    const out = serializeError(e);
    expect(out).toMatchObject({ type: 'Error', message: 'boom', code: '23505', constraint_name: 'pk' });
    expect(JSON.stringify(out)).not.toContain('secret');
  });

  it('the application logger uses it for `err`', () => {
    const serializers = (logger() as unknown as Record<symbol, Record<string, unknown>>)[pino.symbols.serializersSym];
    expect(serializers?.err).toBe(serializeError);
  });
});
