/** A database failure while consuming the challenge stays an internal fault: its message (query and parameters) never becomes the user's answer. */
import { describe, expect, it, vi } from 'vitest';
import type { TDb } from '@/db/types';
import { isAppError } from '@/lib/errors';
import { verifyAssertion } from './verify-assertion';

vi.mock('./challenge-store', async (importOriginal) => ({
  ...(await importOriginal<typeof import('./challenge-store')>()),
  consumeChallenge: vi.fn(),
}));
const store = await import('./challenge-store');

const challenge = Buffer.alloc(32, 3).toString('base64url');
const response = {
  id: 'cred',
  rawId: 'cred',
  type: 'public-key',
  clientExtensionResults: {},
  response: { clientDataJSON: Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge })).toString('base64url'), authenticatorData: '', signature: '' },
} as unknown as Parameters<typeof verifyAssertion>[1]['response'];
const input = { response, purpose: 'authenticate' as const, bindingHash: 'b', meta: { requestId: 'r', ip: null, userAgent: null } };

describe('verifyAssertion when consuming the challenge fails', () => {
  it('rethrows a database error as it is (an internal fault), not as a passkey rejection quoting its SQL', async () => {
    const dbError = new Error('Failed query: delete from "webauthn_challenges" where "challenge" = $1\nparams: secret-value');
    vi.mocked(store.consumeChallenge).mockRejectedValueOnce(dbError);
    const caught = await verifyAssertion({} as TDb, input).catch((e: unknown) => e);
    expect(caught).toBe(dbError);
    expect(isAppError(caught)).toBe(false);
  });

  it("passes the store's own refusal on to the user as a passkey rejection", async () => {
    const { AppError } = await import('@/lib/errors');
    vi.mocked(store.consumeChallenge).mockRejectedValueOnce(new AppError('PASSKEY_REJECTED', 'This passkey request expired. Start again.'));
    await expect(verifyAssertion({} as TDb, input)).rejects.toMatchObject({ code: 'PASSKEY_REJECTED', message: 'This passkey request expired. Start again.' });
  });
});
