/**
 * Per-transaction costs the ingest path pays for lib/risk, lib/pan and lib/crypto, each against
 * a floor measured in the same run (the bare primitive it wraps). In memory; no database.
 */
import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { blindIndex } from '@/lib/crypto/blind-index';
import { encryptField } from '@/lib/crypto/encrypt-field';
import { testKeyring } from '@/lib/crypto/test-keyring';
import { countCardNumbersInText, findCardNumbers } from '@/lib/pan';
import { DEFAULT_RULE_SET } from '@/lib/risk/default-rule-set';
import { evaluateRisk } from '@/lib/risk/evaluate-risk';
import { input } from '@/lib/risk/test-inputs';
import { measure, type TTiming } from './measure';

const ITERATIONS = 5000;

const BODY = {
  externalId: 'tx-1234567', amountMinor: 125000, currency: 'EUR', occurredAt: '2026-11-23T22:57:17Z',
  merchant: { name: 'Shop 24', categoryCode: '5411', country: 'DE' },
  customer: { reference: 'cust-1', name: 'Jane Doe', email: 'jane@example.com', phone: '+44 20 7946 0958', address: '1 Main Street, London', dateOfBirth: '1985-04-12' },
  paymentMethod: { token: 'tok_abcdefgh12345', bin: '411111', last4: '1111', brand: 'visa', expiryMonth: 12, expiryYear: 2030 },
  channel: 'ecommerce', device: { id: 'dev-1', fingerprint: 'fp-abc', ip: '198.51.100.7', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0' },
  geolocation: { country: 'DE', lat: 52.5, lon: 13.4 },
};

export function runRiskCryptoBenchmark(): void {
  const ring = testKeyring(['v1']);
  const key = ring.keys.get('v1')!;
  const text = JSON.stringify(BODY);
  const quiet = input();
  const risky = input({ amountMinor: 600_000n, geoCountry: 'US', geoLat: 40.7, geoLon: -74 }, { deviceSeen: false });
  type TRow = { name: string; ours: TTiming; floorName: string; floor?: TTiming; goalMs?: number };
  const rows: TRow[] = [
    { name: 'evaluateRisk, nothing unusual', ours: measure(ITERATIONS, () => quiet, (i) => evaluateRisk(i, DEFAULT_RULE_SET)), floorName: '(none)', goalMs: 0.05 },
    { name: 'evaluateRisk, 5 factors with explanations', ours: measure(ITERATIONS, () => risky, (i) => evaluateRisk(i, DEFAULT_RULE_SET)), floorName: '(none)', goalMs: 0.1 },
    {
      name: `PAN guard: walk parsed body + scan raw text (${text.length} B)`,
      ours: measure(ITERATIONS, () => BODY, (b) => findCardNumbers(b).length + countCardNumbersInText(text)),
      floorName: 'JSON.parse of the same body',
      floor: measure(ITERATIONS, () => text, (t) => JSON.parse(t)),
      goalMs: 0.1,
    },
    {
      name: 'encryptField (AES-256-GCM, AAD, envelope)',
      ours: measure(ITERATIONS, () => null, () => encryptField({ table: 'customers', column: 'email_enc', rowId: 'row', plaintext: 'jane@example.com' }, ring)),
      floorName: 'createCipheriv + update + final',
      floor: measure(ITERATIONS, () => null, () => {
        const c = createCipheriv('aes-256-gcm', key, randomBytes(12));
        return Buffer.concat([c.update('jane@example.com'), c.final(), c.getAuthTag()]);
      }),
      goalMs: 0.05,
    },
    {
      name: 'blindIndex (normalise + HMAC-SHA256)',
      ours: measure(ITERATIONS, () => null, () => blindIndex('email', ' Jane@Example.com ', ring)),
      floorName: 'createHmac digest',
      floor: measure(ITERATIONS, () => null, () => createHmac('sha256', ring.blindIndexKey).update('jane@example.com').digest('base64url')),
    },
  ];
  const ms = (n: number) => n.toFixed(4);
  console.log(`Risk engine, PAN guard and PII crypto: ${ITERATIONS} iterations each, node ${process.version}\n`);
  console.table(
    rows.map((r) => ({
      measurement: r.name,
      'p50 ms': ms(r.ours.p50),
      'p95 ms': ms(r.ours.p95),
      floor: r.floorName,
      'floor p50 ms': r.floor ? ms(r.floor.p50) : '-',
      'ratio p50': r.floor ? (r.ours.p50 / r.floor.p50).toFixed(2) : '-',
    })),
  );
  for (const r of rows.filter((row) => row.goalMs !== undefined)) {
    console.log(`${r.ours.p50 < (r.goalMs ?? 0) ? 'PASS' : 'FAIL'}  ${r.name}: p50 ${ms(r.ours.p50)} ms (goal < ${r.goalMs} ms)`);
  }
}
