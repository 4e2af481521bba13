import { getDb } from '@/db/client';
import { ensureBrowserBinding } from '@/lib/auth/browser-binding';
import { startPasskeySignIn } from '@/lib/auth/sign-in';
import { apiRoute } from '@/lib/http/api-route';

export const POST = apiRoute(async (_req, { meta }) =>
  startPasskeySignIn(await getDb(), { bindingHash: await ensureBrowserBinding(), meta }),
);
