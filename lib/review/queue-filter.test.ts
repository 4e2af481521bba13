import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, filterParams, parseQueueFilter } from './queue-filter';
import { DEFAULT_SLA_MINUTES, parseReleaseThresholds, parseSlaMinutes, releaseNeedsApproval } from './review-config';
import { describeSla, slaOf } from './sla';
import { formatMinor, parseMajorAmount } from './money';

const ID = '0b6b0c1e-8d1a-4c1b-9a51-3f3f0d7c2a10';

describe('queue filter from URL params', () => {
  it('defaults to open items, oldest first, 50 per page', () => {
    expect(parseQueueFilter({})).toMatchObject({ status: 'open', sort: 'oldest', limit: 50, position: null, amountMinMinor: null });
  });

  const accepted: [string, Record<string, string>, Record<string, unknown>][] = [
    ['levels as a comma list', { level: 'high,critical' }, { level: ['high', 'critical'] }],
    ['score range', { scoreMin: '40', scoreMax: '90' }, { scoreMin: 40, scoreMax: 90 }],
    ['amounts in major units of the currency', { currency: 'eur', amountMin: '1,000.5' }, { currency: 'EUR', amountMinMinor: 100050n }],
    ['zero-decimal currency amounts', { currency: 'JPY', amountMax: '15000' }, { amountMaxMinor: 15000n }],
    ['country upper-cased', { country: 'fr' }, { country: 'FR' }],
    ['assignee me', { assignee: 'me' }, { assignee: 'me' }],
    ['assignee by id', { assignee: ID }, { assignee: ID }],
    ['sla state', { sla: 'overdue' }, { sla: 'overdue' }],
    ['age bucket', { age: '4to24h' }, { age: '4to24h' }],
    ['empty params are unset', { merchant: '', level: '' }, { merchant: undefined, level: undefined }],
  ];
  it.each(accepted)('accepts %s', (_name, input, expected) => {
    expect(parseQueueFilter(input)).toMatchObject(expected);
  });

  const refused: [string, Record<string, string>, string][] = [
    ['an unknown level', { level: 'extreme' }, 'level'],
    ['a score above 100', { scoreMax: '101' }, 'scoreMax'],
    ['a minimum score above the maximum', { scoreMin: '80', scoreMax: '20' }, 'scoreMax'],
    ['more decimals than the currency has', { currency: 'JPY', amountMin: '10.5' }, 'amountMin'],
    ['a non-amount', { amountMin: '1e6' }, 'amountMin'],
    ['a 4-letter currency', { currency: 'EURO' }, 'currency'],
    ['an unknown sort', { sort: 'random' }, 'sort'],
    ['an unknown parameter', { evil: '1' }, 'evil'],
    ['a garbage cursor', { cursor: 'not-a-cursor!' }, 'cursor'],
    ['a cursor made for another sort', { sort: 'score', cursor: encodeCursor({ k: '2026-01-01T00:00:00.000000Z', id: ID }) }, 'cursor'],
    ['a limit above 200', { limit: '500' }, 'limit'],
    ['an assignee that is neither a keyword nor an id', { assignee: "x' or 1=1" }, 'assignee'],
    ['a merchant holding a NUL byte (PostgreSQL text cannot, so it would fail in the query)', { merchant: 'Shop\u0000x' }, 'merchant'],
    ['a merchant holding another control character', { merchant: 'Shop\u001bx' }, 'merchant'],
  ];
  it.each(refused)('refuses %s with a VALIDATION error naming the field', (_name, input, field) => {
    expect(() => parseQueueFilter(input)).toThrow(expect.objectContaining({ code: 'VALIDATION', message: expect.stringContaining(field) }));
  });

  it('round-trips a keyset cursor and rejects a tampered id', () => {
    const c = { k: '2026-11-23T10:00:00.123456Z', id: ID };
    expect(decodeCursor(encodeCursor(c), 'oldest')).toEqual(c);
    expect(decodeCursor(encodeCursor({ k: c.k, id: 'nope' }), 'oldest')).toBeNull();
    expect(decodeCursor(encodeCursor({ k: '95', id: ID }), 'score')).toEqual({ k: '95', id: ID });
  });

  it('builds links that keep the filter, drop the old cursor and apply changes', () => {
    expect(filterParams({ level: 'high', cursor: 'abc' }, { sort: 'newest' })).toBe('level=high&sort=newest');
    expect(filterParams({ level: 'high' }, { level: null, cursor: 'x' })).toBe('cursor=x');
  });
});

describe('SLA', () => {
  const received = new Date('2026-11-23T10:00:00Z');
  const cases: [string, 'low' | 'medium' | 'high' | 'critical', string, string, string, string | null][] = [
    ['high, 30 min in', 'high', 'frozen', '2026-11-23T10:30:00Z', 'on_time', 'Due in 30 min'],
    ['high, 50 min in (due soon)', 'high', 'in_review', '2026-11-23T10:50:00Z', 'due_soon', 'Due in 10 min'],
    ['high, exactly at the deadline', 'high', 'frozen', '2026-11-23T11:00:00Z', 'overdue', 'Overdue by 0 min'],
    ['high, 2 h 5 min late', 'high', 'frozen', '2026-11-23T13:05:00Z', 'overdue', 'Overdue by 2 h 5 min'],
    ['medium, 3 h in', 'medium', 'frozen', '2026-11-23T13:00:00Z', 'on_time', 'Due in 1 h'],
    ['critical, 31 min in', 'critical', 'frozen', '2026-11-23T10:31:00Z', 'overdue', 'Overdue by 1 min'],
    ['a decided item has no SLA', 'high', 'released', '2026-11-23T13:00:00Z', 'none', null],
  ];
  it.each(cases)('%s', (_n, level, status, now, state, text) => {
    const sla = slaOf({ receivedAt: received, riskLevel: level, status }, DEFAULT_SLA_MINUTES, new Date(now));
    expect(sla.state).toBe(state);
    expect(describeSla(sla)).toBe(text);
  });

  it('reads SLA minutes per level from configuration and refuses nonsense', () => {
    expect(parseSlaMinutes('high=90, medium=300')).toEqual({ ...DEFAULT_SLA_MINUTES, high: 90, medium: 300 });
    expect(() => parseSlaMinutes('urgent=5')).toThrow(/unknown risk level/);
    expect(() => parseSlaMinutes('high=0')).toThrow(/>= 1/);
  });
});

describe('release approval threshold', () => {
  const t = parseReleaseThresholds('EUR=500000,*=2000000');
  it.each([
    [499_999n, 'EUR', false],
    [500_000n, 'EUR', true],
    [1_999_999n, 'USD', false],
    [2_000_000n, 'GBP', true],
    [1_500_000n, 'JPY', true],
  ])('%s %s needs approval: %s', (amount, currency, needs) => {
    expect(releaseNeedsApproval(t, amount, currency)).toBe(needs);
  });
  it('refuses a threshold that is not minor units', () => {
    expect(() => parseReleaseThresholds('EUR=5.00')).toThrow(/minor units/);
  });
});

describe('money text', () => {
  it.each([
    ['12.5', 'EUR', 1250n],
    ['1,000', 'JPY', 1000n],
    ['1.234', 'KWD', 1234n],
    ['1.2345', 'KWD', null],
  ])('%s %s → %s minor', (text, currency, minor) => {
    expect(parseMajorAmount(text, currency)).toBe(minor);
  });
  it('formats minor units with the currency exponent', () => {
    expect(formatMinor(123456789n, 'EUR')).toBe('1,234,567.89 EUR');
    expect(formatMinor('5000', 'JPY')).toBe('5,000 JPY');
  });
});
