/**
 * GET /api/audit/public-key: the Ed25519 public key that verifies audit checkpoints. Public
 * by design (verifiers outside the app need it); cacheable for an hour so a key rotation
 * propagates quickly.
 */
import { NextResponse } from 'next/server';
import { getAuditPublicKey } from '@/lib/audit/get-audit-public-key';
import { apiRoute } from '@/lib/http/api-route';

// Read at request time: the key comes from the runtime environment, never from the build.
export const dynamic = 'force-dynamic';

export const GET = apiRoute(async () => {
  const { keyId, pem } = getAuditPublicKey();
  return NextResponse.json(
    { algorithm: 'Ed25519', keyId, pem },
    { headers: { 'Cache-Control': 'public, max-age=3600' } },
  );
});
