/**
 * How staff see PII before an audited reveal: enough to tell two customers apart, not enough
 * to identify one. Pure (used by server components and client leaves alike).
 */
const DOTS = '•••';

/** 'jane@example.com' → 'j•••@e•••.com' */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return DOTS;
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const tld = dot > 0 ? domain.slice(dot) : '';
  const host = dot > 0 ? domain.slice(0, dot) : domain;
  return `${firstChar(local)}${DOTS}@${host ? firstChar(host) + DOTS : DOTS}${tld}`;
}

/** '+44 20 7946 0958' → '+•• ••• •••58': the "+" and the last two digits only. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 4) return DOTS;
  return `${phone.trim().startsWith('+') ? '+' : ''}•• ••• •••${digits.slice(-2)}`;
}

/** 'Jane Q. Doe' → 'J••• Q••• D•••' */
export function maskName(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return parts.length === 0 ? DOTS : parts.map((p) => firstChar(p) + DOTS).join(' ');
}

/** '1 Main Street, London, GB' → '•••, GB': only a trailing country code survives. */
export function maskAddress(address: string): string {
  const last = address.split(',').at(-1)?.trim() ?? '';
  return /^[A-Za-z]{2,3}$/.test(last) && address.includes(',') ? `${DOTS}, ${last.toUpperCase()}` : DOTS;
}

/** '1985-04-12' → '1985-••-••': the year only. */
export function maskDateOfBirth(dob: string): string {
  const m = /^(\d{4})-\d{2}-\d{2}/.exec(dob.trim());
  return m ? `${m[1]}-••-••` : DOTS;
}

function firstChar(s: string): string {
  // Array.from keeps a surrogate pair (emoji, rare scripts) whole.
  return Array.from(s.trim())[0] ?? '';
}
