import { describe, expect, it } from 'vitest';
import { signInThrottleKey } from './throttle-key';

describe('signInThrottleKey', () => {
  it('keys IPv6 clients by their /64, so rotating the interface id gains nothing', () => {
    expect(signInThrottleKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(signInThrottleKey('2001:db8:1:2:ffff:eeee:dddd:cccc')).toBe('2001:db8:1:2::/64');
    expect(signInThrottleKey('[2001:DB8:1:2::abcd%eth0]')).toBe('2001:db8:1:2::/64');
    expect(signInThrottleKey('2001:db8::')).toBe('2001:db8:0:0::/64');
    expect(signInThrottleKey('::1')).toBe('0:0:0:0::/64');
  });

  it('keeps different /64 blocks and IPv4 addresses apart', () => {
    expect(signInThrottleKey('2001:db8:1:3::1')).not.toBe(signInThrottleKey('2001:db8:1:2::1'));
    expect(signInThrottleKey('203.0.113.9')).toBe('203.0.113.9');
    expect(signInThrottleKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
  });

  it('treats a missing or malformed address as one "unknown" client', () => {
    expect(signInThrottleKey(null)).toBe('unknown');
    expect(signInThrottleKey('not-an-ip')).toBe('unknown');
  });
});
