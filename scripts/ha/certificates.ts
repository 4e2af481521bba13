/**
 * A throwaway certificate authority and a `localhost` server certificate for the HA test,
 * made with the system's openssl (P-256, valid two days). HAProxy serves the leaf; Node
 * clients trust the CA through NODE_EXTRA_CA_CERTS; Chromium trusts the leaf's public key
 * through --ignore-certificate-errors-spki-list, which makes the page a secure context with
 * a valid certificate (WebAuthn refuses pages with certificate errors).
 */
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type TTestCertificates = {
  /** PEM of the test CA: give it to Node as NODE_EXTRA_CA_CERTS. */
  caFile: string;
  /** Leaf certificate followed by its private key, the form HAProxy's `crt` takes. */
  haproxyPemFile: string;
  /** base64 SHA-256 of the leaf's SubjectPublicKeyInfo, for Chromium's SPKI allow-list. */
  spkiSha256: string;
};

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

export function spkiSha256Of(certificatePem: string): string {
  const spki = new X509Certificate(certificatePem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

export function createTestCertificates(dir: string, hostname = 'localhost'): TTestCertificates {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    ['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Countersign HA test CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
    dir,
  );
  openssl(['req', ...ec, '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', `/CN=${hostname}`], dir);
  writeFileSync(
    path.join(dir, 'leaf.ext'),
    [`subjectAltName=DNS:${hostname},IP:127.0.0.1`, 'basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth'].join('\n'),
  );
  openssl(['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'leaf.pem', '-days', '2', '-sha256', '-extfile', 'leaf.ext'], dir);
  const leaf = readFileSync(path.join(dir, 'leaf.pem'), 'utf8');
  const haproxyPemFile = path.join(dir, 'haproxy.pem');
  writeFileSync(haproxyPemFile, leaf + readFileSync(path.join(dir, 'leaf.key'), 'utf8'), { mode: 0o600 });
  return { caFile: path.join(dir, 'ca.pem'), haproxyPemFile, spkiSha256: spkiSha256Of(leaf) };
}
