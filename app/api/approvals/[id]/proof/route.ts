import { NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { exportApprovalProof } from '@/lib/approvals/export-approval-proof';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { apiRoute } from '@/lib/http/api-route';

/** The request's proof bundle (payload, decisions with their assertions and public keys) as a JSON download. */
export const GET = apiRoute<{ id: string }>(async (_req, { params }) => {
  const bundle = await exportApprovalProof(await getDb(), await getCurrentStaff(), params.id);
  const res = new NextResponse(JSON.stringify(bundle, null, 2), { headers: { 'content-type': 'application/json' } });
  res.headers.set('content-disposition', `attachment; filename="approval-${params.id.replace(/[^0-9a-f-]/gi, '')}-proof.json"`);
  res.headers.set('cache-control', 'no-store');
  return res;
});
