import { describe, expect, it } from 'vitest';
import { CSP_REPORT_MAX_BYTES, readCspReportBody } from './read-report-body';

function streamingRequest(chunks: () => Uint8Array | null, type = 'application/reports+json') {
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks();
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
  return new Request('http://localhost:3000/api/csp-report', {
    method: 'POST',
    body,
    headers: { 'content-type': type },
    duplex: 'half',
  } as RequestInit);
}

describe('readCspReportBody', () => {
  it('stops reading an endless body soon after the limit', async () => {
    let pulled = 0;
    const req = streamingRequest(() => {
      pulled += 1;
      return new Uint8Array(1024).fill(0x20);
    });
    await expect(readCspReportBody(req)).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
    expect(pulled * 1024).toBeLessThanOrEqual(CSP_REPORT_MAX_BYTES + 4 * 1024);
  });

  it('parses a body delivered in many small chunks', async () => {
    const bytes = new TextEncoder().encode('[{"type":"csp-violation","body":{}}]');
    let i = 0;
    const req = streamingRequest(() => (i < bytes.length ? bytes.slice(i, (i += 3)) : null));
    expect(await readCspReportBody(req)).toEqual([{ type: 'csp-violation', body: {} }]);
  });

  it('accepts media-type parameters and refuses other types', async () => {
    const ok = new Request('http://x/', { method: 'POST', body: '{}', headers: { 'content-type': 'application/csp-report; charset=utf-8' } });
    expect(await readCspReportBody(ok)).toEqual({});
    const bad = new Request('http://x/', { method: 'POST', body: '{}', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    await expect(readCspReportBody(bad)).rejects.toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    const none = new Request('http://x/', { method: 'POST', body: '{}' });
    await expect(readCspReportBody(none)).rejects.toMatchObject({ status: 415 });
  });

  it('refuses invalid UTF-8 and empty bodies with 400', async () => {
    const badUtf8 = new Request('http://x/', { method: 'POST', body: new Uint8Array([0x7b, 0xff, 0x7d]), headers: { 'content-type': 'application/json' } });
    await expect(readCspReportBody(badUtf8)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const empty = new Request('http://x/', { method: 'POST', headers: { 'content-type': 'application/json' } });
    await expect(readCspReportBody(empty)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
