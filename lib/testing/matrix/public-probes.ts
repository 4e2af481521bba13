/**
 * Anonymous calls to the endpoints the table lists as public, for the ones that can answer 200
 * with no token or report body: proof that "public" in the table is how they really behave.
 * (next-auth, CSP reports and the setup/invite registration flows need inputs of their own and
 * have dedicated tests.)
 */
import { GET as auditPublicKey } from '@/app/api/audit/public-key/route';
import { GET as health } from '@/app/api/health/route';
import { POST as authenticateOptions } from '@/app/api/passkeys/authenticate/options/route';
import { GET as ready } from '@/app/api/ready/route';
import { GET as openApi } from '@/app/api/v1/openapi.json/route';
import { currentRequest } from './request-context';

const noParams = { params: Promise.resolve({}) };

export const PUBLIC_PROBES: Readonly<Record<string, () => Promise<Response>>> = {
  'GET /api/health': async () => health(),
  'GET /api/ready': () => ready(currentRequest('GET', '/api/ready'), noParams),
  'GET /api/v1/openapi.json': () => openApi(currentRequest('GET', '/api/v1/openapi.json'), noParams),
  'GET /api/audit/public-key': () => auditPublicKey(currentRequest('GET', '/api/audit/public-key'), noParams),
  'POST /api/passkeys/authenticate/options': () => authenticateOptions(currentRequest('POST', '/api/passkeys/authenticate/options'), noParams),
};
