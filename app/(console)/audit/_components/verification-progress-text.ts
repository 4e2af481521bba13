/** The line under the "Verify integrity" progress bar (verify-integrity.tsx). */
export function verificationProgressText(s: { checked: number; total: number; locating?: boolean }): string {
  if (!s.total) return 'Starting…';
  const counted = `${s.checked} of ${s.total} events checked`;
  // The parallel pass met a problem: the chain is walked again from the start to say exactly where and how it broke.
  return s.locating ? `Something is wrong; walking the chain again from the start to locate it: ${counted}` : counted;
}
