import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { findOpenRecovery } from '@/lib/staff/passkey-recovery';

/** The link check sits above this segment's loading boundary so a dead recovery link answers a real 404. */
export default async function RecoveryLinkLayout({ children, params }: { children: React.ReactNode; params: Promise<{ token: string }> }) {
  const { token } = await params;
  if (!(await findOpenRecovery(await getDb(), token))) notFound();
  return children;
}
