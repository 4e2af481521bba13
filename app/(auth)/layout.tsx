import { ShieldCheck } from 'lucide-react';

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col items-center justify-center gap-6 bg-muted/40 p-6">
      <header className="flex items-center gap-2 text-lg font-semibold">
        <ShieldCheck aria-hidden className="size-6 text-primary" />
        <span>Countersign</span>
      </header>
      <main id="main-content" className="w-full max-w-md">
        {children}
      </main>
    </div>
  );
}
