'use client';

// First import on purpose: installs the <style> nonce shim before sonner or Radix can inject.
import { documentNonce } from './style-nonce';
import { ThemeProvider as NextThemesProvider } from 'next-themes';
import type { ReactNode } from 'react';

type TThemeProviderProps = {
  /** This request's CSP nonce (the x-nonce request header set by middleware). */
  nonce?: string;
  children: ReactNode;
};

/**
 * Class-based light/dark/system theme. On the server the nonce goes on next-themes' pre-paint
 * inline script; in the browser next-themes only uses it for its transition-suppressing
 * <style>, which must carry the document's nonce rather than a later request's.
 */
export function ThemeProvider({ nonce, children }: TThemeProviderProps) {
  return (
    <NextThemesProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange nonce={documentNonce() ?? nonce}>
      {children}
    </NextThemesProvider>
  );
}
