// reflect-metadata must load before @peculiar/x509 (SimpleWebAuthn's own X.509 library).
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createHash, createPrivateKey, type KeyObject, sign, webcrypto } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import { decodeAttestationObject } from '@simplewebauthn/server/helpers';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { passkeys } from '@/db/schema';
import { parseEnv, resetEnvForTests } from '@/lib/env';
import { actorFor, newAuthenticator, type TFirstAdmin, withFirstAdminDb } from '@/lib/testing/auth-factories';
import type { TTestDb } from '@/lib/testing/db';
import { finishAddPasskey, startAddPasskey } from './manage-passkeys';

let t: TTestDb;
let admin: TFirstAdmin;
withFirstAdminDb((ctx) => ({ t, admin } = ctx));

const ALLOWED = 'ee882879-721c-4913-9775-3dfcce97072a';
const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
type TVendor = { rootPem: string; leafDer: Buffer; leafKeyPkcs8: Buffer };

/** A vendor CA and one attestation certificate it issued (FIDO packed "full" attestation profile). */
async function makeVendor(name: string): Promise<TVendor> {
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  const now = Date.now();
  const caKeys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01', name: `C=US, O=${name}, CN=${name} Attestation Root`, keys: caKeys, signingAlgorithm: ALG,
    notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 365 * 86_400_000),
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)],
  });
  const leafKeys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: '02', subject: `C=US, O=${name}, OU=Authenticator Attestation, CN=${name} Key`, issuer: ca.subject,
    publicKey: leafKeys.publicKey, signingKey: caKeys.privateKey, signingAlgorithm: ALG,
    notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 365 * 86_400_000),
    extensions: [new x509.BasicConstraintsExtension(false)],
  });
  return { rootPem: ca.toString('pem'), leafDer: Buffer.from(leaf.rawData), leafKeyPkcs8: Buffer.from(await webcrypto.subtle.exportKey('pkcs8', leafKeys.privateKey)) };
}

/** Re-encodes a soft-authenticator registration with another AAGUID and attestation statement. */
type TSoft = ReturnType<typeof newAuthenticator>;
type TReg = ReturnType<TSoft['register']>;

function forge(reg: TReg, opts: { aaguid: string; fmt: 'none' | 'packed'; vendor?: TVendor; selfSignedBy?: TSoft }) {
  const att = decodeAttestationObject(new Uint8Array(Buffer.from(reg.response.attestationObject, 'base64url')));
  const authData = Buffer.from(att.get('authData'));
  Buffer.from(opts.aaguid.replace(/-/g, ''), 'hex').copy(authData, 37);
  let attStmt = new Map<string, unknown>();
  if (opts.fmt === 'packed') {
    const signed = Buffer.concat([authData, createHash('sha256').update(Buffer.from(reg.response.clientDataJSON, 'base64url')).digest()]);
    // Self attestation is signed with the credential's own key (the soft authenticator's private field).
    const key = opts.selfSignedBy
      ? (opts.selfSignedBy as unknown as { privateKey: KeyObject }).privateKey
      : createPrivateKey({ key: opts.vendor!.leafKeyPkcs8, format: 'der', type: 'pkcs8' });
    attStmt = new Map<string, unknown>([['alg', -7], ['sig', sign('sha256', signed, key)]]);
    if (!opts.selfSignedBy) attStmt.set('x5c', [opts.vendor!.leafDer]);
  }
  const encoded = isoCBOR.encode(new Map<string, unknown>([['fmt', opts.fmt], ['attStmt', attStmt], ['authData', authData]]) as never);
  return { ...reg, response: { ...reg.response, attestationObject: Buffer.from(encoded).toString('base64url') } };
}

let trusted: TVendor;
let untrusted: TVendor;
beforeAll(async () => {
  trusted = await makeVendor('Trusted Keys');
  untrusted = await makeVendor('Rogue Keys');
});

function configure(allow: string | undefined, roots: string | undefined) {
  for (const [k, v] of [['WEBAUTHN_AAGUID_ALLOWLIST', allow], ['WEBAUTHN_ATTESTATION_ROOTS', roots]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvForTests();
}
afterEach(() => configure(undefined, undefined));

async function enrol(build: (reg: TReg, soft: TSoft) => TReg) {
  const actor = await actorFor(t.db, admin.session.id);
  const options = await startAddPasskey(t.db, actor, 'att');
  const soft = newAuthenticator();
  return finishAddPasskey(t.db, actor, { response: build(soft.register(options.challenge), soft), bindingHash: 'att' });
}
const keyCount = async () => (await t.db.select().from(passkeys).where(eq(passkeys.staffId, admin.staffId))).length;

describe('AAGUID allow-list', () => {
  it('refuses a "none" attestation that claims an allowed AAGUID, and stores nothing', async () => {
    configure(ALLOWED, trusted.rootPem);
    const before = await keyCount();
    await expect(enrol((r) => forge(r, { aaguid: ALLOWED, fmt: 'none' }))).rejects.toMatchObject({ code: 'PASSKEY_REJECTED', message: expect.stringMatching(/prove their model/) });
    expect(await keyCount()).toBe(before);
  });

  it('refuses packed self attestation (no certificate chain) claiming an allowed AAGUID', async () => {
    configure(ALLOWED, trusted.rootPem);
    const before = await keyCount();
    await expect(enrol((r, soft) => forge(r, { aaguid: ALLOWED, fmt: 'packed', selfSignedBy: soft }))).rejects.toThrow(/vouched for itself/);
    expect(await keyCount()).toBe(before);
  });

  it('refuses a certificate chain that does not lead to a configured root', async () => {
    configure(ALLOWED, trusted.rootPem);
    const before = await keyCount();
    await expect(enrol((r) => forge(r, { aaguid: ALLOWED, fmt: 'packed', vendor: untrusted }))).rejects.toMatchObject({ code: 'PASSKEY_REJECTED', message: 'The new passkey could not be verified.' });
    expect(await keyCount()).toBe(before);
  });

  it('refuses a verified chain whose model is not on the list', async () => {
    configure(ALLOWED, trusted.rootPem);
    const before = await keyCount();
    await expect(enrol((r) => forge(r, { aaguid: '00000000-0000-0000-0000-0000000000aa', fmt: 'packed', vendor: trusted }))).rejects.toThrow(/not on the allowed list/);
    expect(await keyCount()).toBe(before);
  });

  it('enrols an allowed model whose attestation chains to a configured root', async () => {
    configure(ALLOWED, trusted.rootPem);
    const before = await keyCount();
    const { id } = await enrol((r) => forge(r, { aaguid: ALLOWED, fmt: 'packed', vendor: trusted }));
    const [row] = await t.db.select().from(passkeys).where(eq(passkeys.id, id));
    expect(row).toMatchObject({ aaguid: ALLOWED, deviceType: 'singleDevice', backedUp: false });
    expect(await keyCount()).toBe(before + 1);
  });

  it('without the list, passkeys enrol as before (attestation "none")', async () => {
    configure(undefined, undefined);
    const before = await keyCount();
    await enrol((r) => r);
    expect(await keyCount()).toBe(before + 1);
  });
});

describe('WEBAUTHN_ATTESTATION_ROOTS configuration', () => {
  const base = { ...process.env, WEBAUTHN_AAGUID_ALLOWLIST: ALLOWED };
  it('refuses to start with an allow-list but no roots', () => {
    expect(() => parseEnv({ ...base, WEBAUTHN_ATTESTATION_ROOTS: undefined })).toThrow(/WEBAUTHN_ATTESTATION_ROOTS is not/);
  });
  it('refuses roots that are not certificates', () => {
    expect(() => parseEnv({ ...base, WEBAUTHN_ATTESTATION_ROOTS: 'not a certificate' })).toThrow(/no PEM certificate/);
    expect(() => parseEnv({ ...base, WEBAUTHN_ATTESTATION_ROOTS: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' })).toThrow(/cannot be parsed/);
  });
  it('accepts PEM, escaped-newline PEM and base64 PEM', () => {
    for (const roots of [trusted.rootPem, trusted.rootPem.replace(/\n/g, '\\n'), Buffer.from(trusted.rootPem).toString('base64')]) {
      expect(parseEnv({ ...base, WEBAUTHN_ATTESTATION_ROOTS: roots }).attestationRootsDer).toHaveLength(1);
    }
  });
});
