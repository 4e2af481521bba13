/**
 * A software WebAuthn authenticator for integration tests: makes real ES256 credentials,
 * attestation objects (fmt "none") and signed assertions, with switches for the attacks
 * the server must refuse (no user verification, counter regression, wrong origin).
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';

type TOptions = { rpId: string; origin: string };

const b64u = (b: Uint8Array) => Buffer.from(b).toString('base64url');

export class SoftAuthenticator {
  readonly credentialId = randomBytes(32);
  private readonly privateKey: KeyObject;
  private readonly publicJwk: { x: string; y: string };
  counter = 0;

  constructor(private readonly opts: TOptions) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = privateKey;
    const jwk = publicKey.export({ format: 'jwk' });
    this.publicJwk = { x: jwk.x!, y: jwk.y! };
  }

  get id(): string {
    return b64u(this.credentialId);
  }

  private authData(flags: number, withCredential: boolean): Buffer {
    const rpIdHash = createHash('sha256').update(this.opts.rpId).digest();
    const count = Buffer.alloc(4);
    count.writeUInt32BE(this.counter);
    const parts = [rpIdHash, Buffer.from([flags]), count];
    if (withCredential) {
      const cose = new Map<number, number | Uint8Array>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(this.publicJwk.x, 'base64url')],
        [-3, Buffer.from(this.publicJwk.y, 'base64url')],
      ]);
      const len = Buffer.alloc(2);
      len.writeUInt16BE(this.credentialId.length);
      parts.push(Buffer.alloc(16), len, this.credentialId, Buffer.from(isoCBOR.encode(cose)));
    }
    return Buffer.concat(parts);
  }

  private clientData(type: string, challenge: string, origin?: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin: origin ?? this.opts.origin, crossOrigin: false }));
  }

  /** A registration response for options issued by the server. */
  register(challenge: string, o: { userVerified?: boolean } = {}) {
    const flags = 0x01 | (o.userVerified === false ? 0 : 0x04) | 0x40;
    const authData = this.authData(flags, true);
    const attestationObject = isoCBOR.encode(new Map<string, unknown>([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]) as never);
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key' as const,
      response: { clientDataJSON: b64u(this.clientData('webauthn.create', challenge)), attestationObject: b64u(attestationObject), transports: ['internal'] },
      clientExtensionResults: {},
    };
  }

  /** An assertion over `challenge`; by default user-verified and with the counter incremented. */
  assert(challenge: string, o: { userVerified?: boolean; counter?: number; origin?: string } = {}) {
    this.counter = o.counter ?? this.counter + 1;
    const flags = 0x01 | (o.userVerified === false ? 0 : 0x04);
    const authData = this.authData(flags, false);
    const clientDataJSON = this.clientData('webauthn.get', challenge, o.origin);
    const signature = sign('sha256', Buffer.concat([authData, createHash('sha256').update(clientDataJSON).digest()]), this.privateKey);
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key' as const,
      response: { clientDataJSON: b64u(clientDataJSON), authenticatorData: b64u(authData), signature: b64u(signature) },
      clientExtensionResults: {},
    };
  }
}
