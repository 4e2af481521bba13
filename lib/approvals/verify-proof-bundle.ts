/**
 * Offline verification of an approval proof bundle, with no database and no secrets: the
 * payload hashes to the stated hash; every decision on the final version signs exactly
 * {requestId, version, step, decision, payloadHash} (challenge recomputed with the same
 * domain-separated canonical JSON the server used); clientData is a `webauthn.get` from the
 * expected origin; the authenticator data names the relying party with user presence and
 * verification; and the signature verifies against the bundled COSE public key.
 */
import { createHash } from 'node:crypto';
import { decodeClientDataJSON, parseAuthenticatorData, verifySignature } from '@simplewebauthn/server/helpers';
import { actionChallenge } from '@/lib/auth/action-signature';
import { DECISION_SIGNATURE_DOMAIN, decisionSignedPayload, payloadHashOf } from './decision-payload';
import { ZProofBundle, type TApprovalProofBundle, type TProofDecision } from './proof-bundle';

export type TDecisionCheck = { staffId: string; step: number; decision: string; version: number; ok: boolean; problem?: string };
export type TProofVerification = { ok: boolean; problems: string[]; decisions: TDecisionCheck[] };

const b = (s: string) => new Uint8Array(Buffer.from(s, 'base64url'));

async function checkDecision(bundle: TApprovalProofBundle, d: TProofDecision): Promise<string | undefined> {
  const signed = decisionSignedPayload({ requestId: bundle.request.id, version: d.requestVersion, step: d.step, decision: d.decision, payloadHash: bundle.request.payloadHash });
  const expected = actionChallenge(DECISION_SIGNATURE_DOMAIN, signed, d.nonce);
  let client: { type: string; challenge: string; origin: string };
  try {
    client = decodeClientDataJSON(d.clientDataJSON);
  } catch {
    return 'clientDataJSON is not valid JSON';
  }
  if (client.type !== 'webauthn.get') return `clientData type is ${client.type}, not webauthn.get`;
  if (client.challenge !== expected) return 'the signature does not sign this request, version, step, decision and payload';
  if (client.origin !== bundle.relyingParty.origin) return `signed for origin ${client.origin}, not ${bundle.relyingParty.origin}`;
  let auth;
  try {
    auth = parseAuthenticatorData(b(d.authenticatorData));
  } catch {
    return 'authenticatorData cannot be parsed';
  }
  if (!Buffer.from(auth.rpIdHash).equals(createHash('sha256').update(bundle.relyingParty.rpId).digest())) return 'authenticatorData is for another relying party';
  if (!auth.flags.up || !auth.flags.uv) return 'the authenticator did not verify the user (UP/UV flags missing)';
  const data = Buffer.concat([b(d.authenticatorData), createHash('sha256').update(b(d.clientDataJSON)).digest()]);
  let valid = false;
  try {
    valid = await verifySignature({ signature: b(d.signature), data: new Uint8Array(data), credentialPublicKey: b(d.publicKey) });
  } catch {
    valid = false;
  }
  return valid ? undefined : 'the signature does not verify against the public key';
}

export async function verifyApprovalProofBundle(raw: unknown): Promise<TProofVerification> {
  const parsed = ZProofBundle.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: [`not an approval proof bundle: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`], decisions: [] };
  const bundle = parsed.data;
  const problems: string[] = [];
  if (payloadHashOf(bundle.request.payload) !== bundle.request.payloadHash) problems.push('the payload does not match its hash (payload edited?)');
  const decisions: TDecisionCheck[] = [];
  for (const d of bundle.decisions.filter((x) => x.requestVersion === bundle.request.version)) {
    const problem = await checkDecision(bundle, d);
    decisions.push({ staffId: d.staffId, step: d.step, decision: d.decision, version: d.requestVersion, ok: !problem, ...(problem ? { problem } : {}) });
    if (problem) problems.push(`decision by ${d.staffName} (step ${d.step + 1}, ${d.decision}): ${problem}`);
  }
  if (bundle.request.status === 'executed' && !decisions.some((d) => d.decision === 'approve')) problems.push('an executed request carries no approvals');
  return { ok: problems.length === 0, problems, decisions };
}
