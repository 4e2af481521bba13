/**
 * IP allow/block lists compare addresses, not spellings (review F4): the form the payment core
 * sends (live scoring), the form PostgreSQL's inet returns (backtest) and the form staff typed
 * in the list all match, so live and backtest scoring agree.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transactions } from '@/db/schema';
import { createTestDb, type TTestDb } from '@/lib/testing/db';
import { makeToken, postIngest, validBody } from '@/lib/transactions/ingest-test-helpers';
import { canonicalIp } from './ip-address';
import { ipInList, ipMatches } from './ip-match';
import { ZIpOrCidr } from './rule-set-schema';

describe('canonical IP text', () => {
  it.each([
    ['2001:0db8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:DB8::1', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['::FFFF:C000:0201', '192.0.2.1'],
    ['0:0:0:0:0:ffff:192.0.2.1', '192.0.2.1'],
    ['1:2:3:4:5:6:192.0.2.1', '1:2:3:4:5:6:c000:201'],
    ['203.0.113.10', '203.0.113.10'],
  ])('%s is written %s', (raw, canonical) => {
    expect(canonicalIp(raw)).toBe(canonical);
  });

  it.each(['1:2:3:4:5:6:7:8:9', ':::1', '1::2::3', 'fe80::1%eth0', '12345::1', '256.0.0.1', 'not an ip'])('%s is not an address', (raw) => {
    expect(canonicalIp(raw)).toBeNull();
  });
});

describe('list matching', () => {
  it.each([
    ['2001:db8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:0db8::1', '2001:db8::1'],
    ['2001:db8::1', '2001:0DB8:0000::0001'],
    ['::ffff:203.0.113.10', '203.0.113.10'],
    ['::ffff:cb00:710a', '203.0.113.10'],
    ['::ffff:cb00:710a', '203.0.113.0/24'],
  ])('%s matches the entry %s', (ip, entry) => {
    expect(ipMatches(ip, entry)).toBe(true);
  });

  it.each([
    ['2001:db8::2', '2001:db8::1'],
    ['203.0.114.1', '203.0.113.0/24'],
    ['2001:db8::1', '203.0.113.0/24'],
    ['garbage', 'garbage'],
  ])('%s does not match %s', (ip, entry) => {
    expect(ipMatches(ip, entry)).toBe(false);
  });

  it('a rule set stores list entries in canonical form', () => {
    expect(ZIpOrCidr.parse('2001:0DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(ZIpOrCidr.parse('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(ZIpOrCidr.parse('203.0.113.0/24')).toBe('203.0.113.0/24');
    expect(ZIpOrCidr.safeParse('2001:db8::/32').success).toBe(false);
  });
});

describe('live and backtest agree', () => {
  let t: TTestDb;
  beforeAll(async () => { t = await createTestDb(); });
  afterAll(async () => t?.dispose());

  it.each([['2001:0db8:0:0:0:0:0:1'], ['2001:DB8::1'], ['::ffff:203.0.113.10']])('%s: the sent form and the stored inet form hit the same entries', async (ip) => {
    const token = await makeToken(t.db);
    const body = validBody();
    body.device = { ...(body.device as object), ip };
    const res = await postIngest(body, { token: token.token });
    expect(res.status).toBe(201);
    const [row] = await t.db.select({ ip: transactions.ip }).from(transactions).where(eq(transactions.id, res.json.id as string));
    const list = ['2001:db8::1', '203.0.113.10'];
    expect(ipInList(ip, list)).not.toBeNull();
    expect(ipInList(row!.ip, list)).toBe(ipInList(ip, list));
  });
});
