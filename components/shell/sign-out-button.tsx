'use client';

import { LogOut } from 'lucide-react';
import { signOut } from 'next-auth/react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { toast } from '@/components/ui/sonner';

type TSignOutButtonProps = {
  variant?: 'ghost' | 'outline';
  /** Show only the icon below the sm breakpoint (the name stays "Sign out"). */
  compact?: boolean;
  className?: string;
};

/** Ends the session through next-auth (POST with its CSRF token), then goes to /login. */
export function SignOutButton({ variant = 'ghost', compact = false, className }: TSignOutButtonProps) {
  const [pending, setPending] = useState(false);

  async function handleClick() {
    setPending(true);
    try {
      // Navigate ourselves: next-auth's redirect URL depends on NEXTAUTH_URL, which Countersign does not use.
      await signOut({ redirect: false });
      // A full load, not router.push: it drops the client router cache (signed-in RSC payloads),
      // and replace() keeps the signed-in page out of the Back history.
      window.location.replace('/login');
    } catch {
      setPending(false);
      toast.error('Sign-out failed. Check your connection and try again.');
    }
  }

  return (
    <Button variant={variant} className={className} loading={pending} onClick={() => void handleClick()}>
      {pending ? null : <LogOut aria-hidden="true" />}
      <span className={compact ? 'sr-only sm:not-sr-only' : undefined}>Sign out</span>
    </Button>
  );
}
