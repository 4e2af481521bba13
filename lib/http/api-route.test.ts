import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { apiRoute, readJsonBody } from './api-route';

const post = (body: string, type = 'application/json', headers: Record<string, string> = {}) =>
  new NextRequest('http://localhost:3000/api/x', { method: 'POST', body, headers: { 'content-type': type, ...headers } });

describe('readJsonBody', () => {
  it('parses a JSON body', async () => {
    await expect(readJsonBody(post('{"a":1}'))).resolves.toEqual({ a: 1 });
  });
  it('refuses another content type with 415', async () => {
    await expect(readJsonBody(post('a=1', 'application/x-www-form-urlencoded'))).rejects.toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', status: 415 });
  });
  it('refuses a body over the limit with 413 even when Content-Length lies', async () => {
    await expect(readJsonBody(post(JSON.stringify({ a: 'x'.repeat(200) }), 'application/json', { 'content-length': '5' }), 100)).rejects.toMatchObject({ status: 413 });
  });
  it('answers malformed JSON with 400 and a pointer to the problem', async () => {
    await expect(readJsonBody(post('{"a":'))).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/Malformed JSON/) });
  });
});

describe('apiRoute', () => {
  it('turns an AppError into its status and a JSON error body with the request id', async () => {
    const handler = apiRoute(async () => {
      throw new AppError('RATE_LIMITED', 'Slow down', { retryAfterSeconds: 7 });
    });
    const res = await handler(post('{}', 'application/json', { 'x-request-id': 'req-12345678' }), { params: Promise.resolve({}) });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(res.headers.get('x-request-id')).toBe('req-12345678');
    expect(await res.json()).toEqual({ error: { code: 'RATE_LIMITED', message: 'Slow down' } });
  });
  it('hides unknown errors behind a reference', async () => {
    const handler = apiRoute(async () => {
      throw new Error('db password is hunter2');
    });
    const res = await handler(post('{}', 'application/json', { 'x-request-id': 'req-abcdefgh' }), { params: Promise.resolve({}) });
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toBe('Something went wrong (ref: req-abcdefgh)');
    expect(JSON.stringify(body)).not.toContain('hunter2');
  });
  it('answers a zod failure with 422 and the issues', async () => {
    const { z } = await import('zod');
    const handler = apiRoute(async () => z.object({ n: z.number() }).parse({ n: 'x' }));
    const res = await handler(post('{}'), { params: Promise.resolve({}) });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { issues: unknown[] } }).error.issues).toHaveLength(1);
  });
});
