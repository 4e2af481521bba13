/** Matrix fixtures for service tokens: a token "created by" someone, and a pickup waiting for someone. Plain inserts. */
import { randomBytes, randomUUID } from 'node:crypto';
import { serviceTokenPickups, serviceTokens } from '@/db/schema';
import type { TDb } from '@/db/types';

export async function serviceTokenFixture(db: TDb, createdBy: string, pickupFor?: string): Promise<string> {
  const id = randomUUID();
  await db.insert(serviceTokens).values({
    id,
    name: 'Matrix token',
    prefix: 'cst_matrix00',
    tokenHash: randomBytes(32).toString('hex'),
    scopes: ['transactions:ingest'],
    hmacSecretEnc: 'fixture-not-a-real-envelope',
    expiresAt: new Date(Date.now() + 86_400_000),
    createdBy,
  });
  if (pickupFor) {
    // The ciphertext is never decrypted by a refused call; an allowed call needs a real one, so the driver parks it.
    await db.insert(serviceTokenPickups).values({ tokenId: id, requesterId: pickupFor, secretEnc: 'placeholder', expiresAt: new Date(Date.now() + 86_400_000) });
  }
  return id;
}
