/** Money as text both ways (pure): minor units <-> "1,234.56" in the currency's own exponent. */
import { currencyExponent } from '@/lib/transactions/schemas-reference-data';

export function exponentOf(currency: string): number {
  return currencyExponent(currency) ?? 2;
}

/** "12.50" (or "1250" for a zero-decimal currency) → minor units; null when not a plain amount. */
export function parseMajorAmount(text: string, currency: string | undefined): bigint | null {
  const exp = currency ? exponentOf(currency) : 2;
  const m = /^(\d{1,15})(?:\.(\d+))?$/.exec(text.trim().replace(/,/g, ''));
  if (!m) return null;
  const frac = m[2] ?? '';
  if (frac.length > exp) return null;
  return BigInt(m[1]!) * 10n ** BigInt(exp) + BigInt(frac.padEnd(exp, '0') || '0');
}

/** 123456n EUR → "1,234.56 EUR". */
export function formatMinor(amountMinor: bigint | string, currency: string): string {
  const minor = BigInt(amountMinor);
  const exp = exponentOf(currency);
  const unit = 10n ** BigInt(exp);
  const whole = (minor / unit).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const frac = exp > 0 ? `.${(minor % unit).toString().padStart(exp, '0')}` : '';
  return `${whole}${frac} ${currency}`;
}
