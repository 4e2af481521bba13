'use server';
import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { runAction } from '@/lib/http/action-result';
import { retryDeliveryNow } from '@/lib/outbox/retry-delivery';

export async function retryDeliveryAction(deliveryId: unknown) {
  return runAction(async () => {
    const result = await retryDeliveryNow(await getDb(), await getCurrentStaff(), deliveryId);
    revalidatePath('/settings/deliveries');
    return result;
  });
}
