/**
 * `npm run simulate`'s options, checked before anything is sent: a rate or count that is not
 * a number is refused (NaN would make setTimeout fire at once, sending at full speed), and the
 * bearer token only ever goes over https, or plain http to this machine.
 */
export type TSimulateOptions = { url: string; rate: number; count: number; token: string; secret: string | null };

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function numberOption(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number from ${min} to ${max}`);
  return n;
}

export function simulateOptions(values: { url?: string; rate?: string; count?: string }, env: { token?: string; secret?: string }): TSimulateOptions {
  if (!env.token) throw new Error('Set COUNTERSIGN_TOKEN to a service token with scope transactions:ingest (Settings → API access).');
  const url = new URL(values.url ?? 'http://localhost:3000');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname))) {
    throw new Error('--url must be https (plain http only to localhost): the service token is sent with every request');
  }
  return {
    url: `${url.origin}${url.pathname.replace(/\/$/, '')}`,
    rate: numberOption('rate', values.rate, 5, 0.1, 500),
    count: Math.floor(numberOption('count', values.count, 200, 1, 1_000_000)),
    token: env.token,
    secret: env.secret || null,
  };
}
