import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { findValidSetupToken } from '@/lib/auth/setup-link';

/**
 * The link check lives in the layout, above this segment's loading boundary, so an unknown,
 * used or expired link (or any link once an administrator exists) answers a real 404.
 */
export default async function SetupLinkLayout({ children, params }: { children: React.ReactNode; params: Promise<{ token: string }> }) {
  const { token } = await params;
  if (!(await findValidSetupToken(await getDb(), token))) notFound();
  return children;
}
