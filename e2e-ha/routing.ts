/**
 * Splits WebAuthn ceremonies across instances through HAProxy's test-only pinning header
 * (X-Cs-Pin) and records which instance answered each half (X-Cs-Served-By).
 * A POST carrying `authenticatorData` or `attestationObject` is the verify half; every other
 * API POST (the options requests) is the options half.
 */
import type { Page, Request } from '@playwright/test';

export type TInstanceName = 'a' | 'b';
export type THalf = 'options' | 'verify';
export type TRoutedExchange = { half: THalf; path: string; status: number; servedBy: string | undefined; issuedChallenge: boolean };

export type TCeremonyRouting = {
  exchanges: TRoutedExchange[];
  /** Runs just before the verify half leaves the browser (e.g. kill an instance). */
  beforeVerify?: () => Promise<void>;
};

function halfOf(request: Request): THalf {
  return /authenticatorData|attestationObject/.test(request.postData() ?? '') ? 'verify' : 'options';
}

/** Pins each half to an instance; `undefined` lets HAProxy choose (round robin / failover). */
export async function routeCeremony(
  page: Page,
  pins: Partial<Record<THalf, TInstanceName>>,
  beforeVerify?: () => Promise<void>,
): Promise<TCeremonyRouting> {
  const routing: TCeremonyRouting = { exchanges: [], beforeVerify };
  const halves = new WeakMap<Request, THalf>();
  await page.route('**/api/**', async (route, request) => {
    if (request.method() !== 'POST') return route.fallback();
    const half = halfOf(request);
    halves.set(request, half);
    if (half === 'verify') await routing.beforeVerify?.();
    const pin = pins[half];
    return route.continue(pin ? { headers: { ...request.headers(), 'x-cs-pin': pin } } : undefined);
  });
  page.on('response', async (res) => {
    const half = halves.get(res.request());
    if (!half) return;
    const body = await res.text().catch(() => '');
    routing.exchanges.push({
      half,
      path: new URL(res.url()).pathname,
      status: res.status(),
      servedBy: res.headers()['x-cs-served-by'],
      issuedChallenge: /"challenge"\s*:/.test(body),
    });
  });
  return routing;
}

export function describeExchanges(r: TCeremonyRouting): string {
  return r.exchanges.map((e) => `${e.half} ${e.path} → ${e.status} by ${e.servedBy ?? '?'}${e.issuedChallenge ? ' (challenge)' : ''}`).join('\n');
}
