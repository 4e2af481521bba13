'use client';
import { useNow } from '@/components/shell/use-now';

function formatLeft(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h} h ${m} min` : `${m} min ${String(s).padStart(2, '0')} s`;
}

/** Time left before a pending request expires; after that the server marks it expired on the next read. */
export function ExpiryCountdown({ expiresAt }: { expiresAt: string }) {
  const now = useNow();
  if (now === null) return <span>Expires {expiresAt.replace('T', ' ').slice(0, 16)} UTC</span>;
  const left = Math.max(0, Math.floor((new Date(expiresAt).getTime() - now) / 1000));
  const text = left > 0 ? `Expires in ${formatLeft(left)}` : 'Expired (reload the page)';
  return <span role="timer" aria-label={text}>{text}</span>;
}
