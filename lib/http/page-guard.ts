/**
 * Pages call the data layer through this: a refusal becomes the 403 page, an unknown or
 * invisible record the 404 page, an ended session the sign-in page — never a generic error.
 */
import 'server-only';
import { forbidden, notFound, redirect } from 'next/navigation';
import { isAppError } from '@/lib/errors';

export async function guardPage<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (e) {
    if (isAppError(e)) {
      if (e.code === 'FORBIDDEN') forbidden();
      if (e.code === 'NOT_FOUND') notFound();
      if (e.code === 'UNAUTHENTICATED' || e.code === 'SESSION_IDLE') redirect('/login');
    }
    throw e;
  }
}
