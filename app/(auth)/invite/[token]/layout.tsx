import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { findOpenInvite } from '@/lib/staff/invites';

/** The link check sits above this segment's loading boundary so a dead invite link answers a real 404. */
export default async function InviteLinkLayout({ children, params }: { children: React.ReactNode; params: Promise<{ token: string }> }) {
  const { token } = await params;
  if (!(await findOpenInvite(await getDb(), token))) notFound();
  return children;
}
