'use server';
import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { runAction } from '@/lib/http/action-result';
import { markAllNotificationsRead, markNotificationRead } from '@/lib/notifications/mark-notifications-read';

export async function markNotificationReadAction(notificationId: unknown) {
  return runAction(async () => {
    const result = await markNotificationRead(await getDb(), await getCurrentStaff(), notificationId);
    revalidatePath('/', 'layout');
    return result;
  });
}

export async function markAllNotificationsReadAction() {
  return runAction(async () => {
    const result = await markAllNotificationsRead(await getDb(), await getCurrentStaff());
    revalidatePath('/', 'layout');
    return result;
  });
}
