import { describe, expect, it } from 'vitest';
import { retryDelayMs, MAX_BACKOFF_MS } from './backoff';
import { signWebhook, verifyWebhookSignature, webhookMac } from './webhook-signature';

const secret = 's'.repeat(40);
const body = '{"id":"1","topic":"t"}';
const now = Date.UTC(2026, 10, 23, 12, 0, 0);

describe('webhook signatures', () => {
  it('signs t + "." + body with HMAC-SHA256 in the documented header format, and a receiver verifies it', () => {
    const header = signWebhook(secret, body, now);
    const t = Math.floor(now / 1000);
    expect(header).toBe(`t=${t},v1=${webhookMac(secret, t, body)}`);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, header, body, { nowMs: now + 10_000 })).toEqual({ ok: true, timestamp: t });
  });

  it('rejects a changed body, another secret, a moved timestamp, a stale replay and garbage', () => {
    const header = signWebhook(secret, body, now);
    expect(verifyWebhookSignature(secret, header, `${body} `, { nowMs: now })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhookSignature('x'.repeat(40), header, body, { nowMs: now })).toEqual({ ok: false, reason: 'mismatch' });
    const moved = header.replace(/^t=(\d+)/, (_, t: string) => `t=${Number(t) + 1}`);
    expect(verifyWebhookSignature(secret, moved, body, { nowMs: now })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhookSignature(secret, header, body, { nowMs: now + 301_000 })).toEqual({ ok: false, reason: 'stale' });
    for (const bad of [null, '', 't=abc,v1=00', `t=${now / 1000}`, 'v1=' + 'a'.repeat(64)]) {
      expect(verifyWebhookSignature(secret, bad, body, { nowMs: now })).toMatchObject({ ok: false, reason: 'malformed' });
    }
  });
});

describe('retry backoff', () => {
  it('doubles per failed attempt within 50-100 % of the ceiling (equal jitter)', () => {
    const base = 30_000;
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, base, () => 1))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, base, () => 0))).toEqual([15_000, 30_000, 60_000, 120_000]);
    const samples = Array.from({ length: 200 }, () => retryDelayMs(3, base));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(60_000);
    expect(Math.max(...samples)).toBeLessThanOrEqual(120_000);
    expect(new Set(samples).size).toBeGreaterThan(50);
  });

  it('never waits longer than the cap, however many attempts failed', () => {
    expect(retryDelayMs(60, 30_000, () => 1)).toBe(MAX_BACKOFF_MS);
  });
});
