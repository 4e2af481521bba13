import Link from 'next/link';

export default function Forbidden() {
  return (
    <main id="main-content" className="flex min-h-[60vh] flex-col items-center justify-center gap-4 p-6 text-center">
      <h1 className="text-2xl font-semibold">No access</h1>
      <p className="text-muted-foreground">Your roles do not allow this page. Ask an administrator if you need it.</p>
      <Link href="/" className="font-medium text-primary underline underline-offset-4">Go to the overview</Link>
    </main>
  );
}
