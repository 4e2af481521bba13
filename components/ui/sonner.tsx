'use client';

// Must precede 'sonner': it nonces the <style> sonner injects when its module is evaluated.
import '@/components/theme/style-nonce';
import { useTheme } from 'next-themes';
import { Toaster as Sonner, type ToasterProps } from 'sonner';

export { toast } from 'sonner';

/** Mount once, in the root layout inside ThemeProvider. */
export function Toaster(props: ToasterProps) {
  const { resolvedTheme } = useTheme();
  return (
    <Sonner
      theme={resolvedTheme === 'dark' ? 'dark' : 'light'}
      closeButton
      position="top-right"
      className="toaster group"
      {...props}
    />
  );
}
