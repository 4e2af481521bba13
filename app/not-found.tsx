import Link from 'next/link';

export default function NotFound() {
  return (
    <main id="main-content" className="flex min-h-screen flex-col items-center justify-center gap-4 p-6 text-center">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="text-muted-foreground">This page does not exist, or the link is no longer valid.</p>
      <Link href="/" className="font-medium text-primary underline underline-offset-4">
        Go to the console
      </Link>
    </main>
  );
}
