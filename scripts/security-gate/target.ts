/**
 * The system under test for the security gate: the production-shaped cluster (two instances,
 * HAProxy TLS front, no test routing) on a fresh database, an administrator signed in with a
 * passkey in real Chromium (its session cookie is what sqlmap and the header crawl send), an
 * ingest service token, and a few ingested transactions so the review queue has rows.
 */
import { spawnSync } from 'node:child_process';
import { chromium, type Browser } from '@playwright/test';
import postgres from 'postgres';
import { attachAuthenticator, setSignCountBase } from '../../e2e/fixtures/authenticator';
import { completeFirstAdminSetup, uniquePerson } from '../../e2e/fixtures/onboarding';
import { CHROMIUM_ARGS, resolveChromium } from '../find-chromium';
import { startCluster, type TCluster, type THaPorts } from '../ha/cluster';

export const GATE_PORTS: THaPorts = { a: 3850, b: 3851, https: 3853, http: 3854 };

export type TGateTarget = {
  cluster: TCluster;
  /** `Cookie:` header of the signed-in administrator. */
  cookieHeader: string;
  serviceToken: string;
  /** Exact secret values of this run: the leak scan must never find them in output. */
  secrets: string[];
  close: () => Promise<void>;
};

function makeServiceToken(env: NodeJS.ProcessEnv): { token: string; signingSecret: string } {
  const res = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', '--conditions=react-server', 'scripts/security-gate/make-service-token.ts'], { env, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`could not create a service token: ${res.stderr.slice(0, 500)}`);
  return JSON.parse(res.stdout.trim().split('\n').at(-1)!) as { token: string; signingSecret: string };
}

export function sampleTransaction(n: number): Record<string, unknown> {
  return {
    externalId: `gate-${Date.now().toString(36)}-${n}`,
    amountMinor: 125_000 + n,
    currency: 'EUR',
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
    merchant: { name: 'Gate Books', categoryCode: '5942', country: 'FR' },
    customer: { reference: `gate-cust-${n}`, name: 'Gate Person', email: `gate${n}@example.test`, phone: '+33 1 23 45 67 89' },
    paymentMethod: { token: `tok_gate_${n}`, bin: '411111', last4: '1111', brand: 'visa', expiryMonth: 12, expiryYear: 2030 },
    channel: 'ecommerce',
    device: { id: `dev-${n}`, fingerprint: 'fp-gate', ip: '203.0.113.10', userAgent: 'Mozilla/5.0' },
    geolocation: { country: 'FR', lat: 48.8566, lon: 2.3522 },
  };
}

async function ingestSamples(origin: string, token: string, count: number): Promise<void> {
  for (let n = 0; n < count; n++) {
    const res = await fetch(`${origin}/api/v1/transactions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': `gate-sample-${Date.now()}-${n}` },
      body: JSON.stringify(sampleTransaction(n)),
    });
    if (res.status >= 300) throw new Error(`ingesting a sample transaction answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  }
}

/**
 * Test fixture: the gate's administrator also holds the built-in Auditor role, the one that
 * may export the audit log, so the gate can download exports to scan. (Administrators do not
 * export by default; in production a second role is granted through an approval.)
 */
async function alsoAuditor(databaseUrl: string, instance: string, cookieHeader: string): Promise<void> {
  const me = (await (await fetch(`${instance}/api/me`, { headers: { cookie: cookieHeader } })).json()) as { id: string };
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => undefined });
  try {
    await sql`insert into staff_roles (staff_id, role_id) select ${me.id}, id from roles where key = 'auditor'`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export async function startGateTarget(dir: string, baseDatabaseUrl: string): Promise<TGateTarget> {
  const cluster = await startCluster({ dir, ports: GATE_PORTS, baseDatabaseUrl, testRouting: false });
  let browser: Browser | undefined;
  try {
    if (!cluster.setupUrl) throw new Error('no first-admin setup link was printed');
    setSignCountBase(Date.now());
    browser = await chromium.launch({
      executablePath: resolveChromium().executablePath,
      args: [...CHROMIUM_ARGS, `--ignore-certificate-errors-spki-list=${cluster.certificates.spkiSha256}`],
    });
    const context = await browser.newContext({ baseURL: cluster.origin });
    const page = await context.newPage();
    await attachAuthenticator(context, page);
    await completeFirstAdminSetup(page, cluster.setupUrl, uniquePerson('Gate admin'));
    const cookieHeader = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    await alsoAuditor(cluster.databaseUrl, `http://127.0.0.1:${cluster.ports.a}`, cookieHeader);
    const { token, signingSecret } = makeServiceToken(cluster.instanceEnv);
    await ingestSamples(`http://127.0.0.1:${cluster.ports.a}`, token, 3);
    const secrets = [token, signingSecret, cluster.instanceEnv.SESSION_SECRET ?? '', ...(await context.cookies()).map((c) => c.value)].filter((s) => s.length >= 12);
    const b = browser;
    return { cluster, cookieHeader, serviceToken: token, secrets, close: async () => (await b.close(), await cluster.stop()) };
  } catch (e) {
    await browser?.close();
    await cluster.stop();
    throw e;
  }
}
