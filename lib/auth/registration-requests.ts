/** Input shapes of the registration endpoints (shared by the route handlers and the browser helpers). */
import { z } from 'zod';
import { ZRegistrationResponse } from './webauthn-schemas';

const token = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'malformed link token');

export const ZRegistrationOptionsRequest = z.discriminatedUnion('flow', [
  z.object({ flow: z.literal('setup'), token, name: z.string().max(200), email: z.string().max(300) }),
  z.object({ flow: z.literal('invite'), token }),
  z.object({ flow: z.literal('recovery'), token }),
  z.object({ flow: z.literal('add') }),
]);

export const ZRegistrationVerifyRequest = z.discriminatedUnion('flow', [
  z.object({ flow: z.literal('setup'), token, response: ZRegistrationResponse }),
  z.object({ flow: z.literal('invite'), token, response: ZRegistrationResponse }),
  z.object({ flow: z.literal('recovery'), token, response: ZRegistrationResponse }),
  z.object({ flow: z.literal('add'), response: ZRegistrationResponse }),
]);
