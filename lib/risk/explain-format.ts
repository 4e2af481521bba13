/** Wording helpers for factor explanations: money in major units, distances, durations. */

const exponentCache = new Map<string, number>();

function exponentOf(currency: string): number {
  let exp = exponentCache.get(currency);
  if (exp === undefined) {
    try {
      exp = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      exp = 2;
    }
    exponentCache.set(currency, exp);
  }
  return exp;
}

/** 125000n EUR → "1,250.00 EUR" (exact: bigint arithmetic, no floats). */
export function formatMinor(amountMinor: bigint, currency: string): string {
  const exp = exponentOf(currency);
  const unit = 10n ** BigInt(exp);
  const sign = amountMinor < 0n ? '-' : '';
  const abs = amountMinor < 0n ? -amountMinor : amountMinor;
  const whole = (abs / unit).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const frac = exp > 0 ? `.${(abs % unit).toString().padStart(exp, '0')}` : '';
  return `${sign}${whole}${frac} ${currency}`;
}

/** A float statistic in minor units, rounded to the minor unit. */
export function formatMinorApprox(amountMinor: number, currency: string): string {
  return formatMinor(BigInt(Math.round(amountMinor)), currency);
}

export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  return `${Math.round(minutes / 60)} hours`;
}

/** 1234.56 → "1,234.6" (no Intl: explanations are built on the ingest hot path). */
export function oneDecimal(n: number): string {
  const rounded = Math.round(n * 10) / 10;
  const [whole = '0', frac] = Math.abs(rounded).toString().split('.');
  return `${rounded < 0 ? '-' : ''}${groupThousands(whole)}${frac ? `.${frac}` : ''}`;
}

export function groupThousands(digits: string | number): string {
  return String(digits).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
