import { describe, expect, it } from 'vitest';
import { authenticatorModel, describeAuthenticator } from './authenticator-models';
import { describeDevice } from './describe-device';
import { describeIpPlace } from './describe-ip-place';
import { specialIpLabel } from './special-ip-ranges';

describe('IP place', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private network'],
    ['172.16.0.1', 'private network'],
    ['172.31.255.255', 'private network'],
    ['192.168.1.10', 'private network'],
    ['::ffff:192.168.1.10', 'private network'],
    ['169.254.10.1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.254', 'carrier-grade NAT'],
    ['fd12:3456:789a::1', 'unique local'],
    ['fc00::1', 'unique local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['192.0.2.5', 'documentation'],
  ])('labels %s as %s without a lookup', async (ip, label) => {
    expect(specialIpLabel(ip)).toBe(label);
    expect(await describeIpPlace(ip)).toEqual({ label });
  });

  it('treats addresses just outside the private ranges as public', () => {
    expect(specialIpLabel('172.32.0.1')).toBeNull();
    expect(specialIpLabel('100.128.0.1')).toBeNull();
    expect(specialIpLabel('11.0.0.1')).toBeNull();
  });

  it('finds the country of public IPv4 and IPv6 addresses offline', async () => {
    expect(await describeIpPlace('8.8.8.8')).toEqual({ country: 'US' });
    expect(await describeIpPlace('2a00:1450:4001:80b::200e')).toEqual({ country: 'DE' });
  });

  it('answers null without an address and labels garbage as invalid', async () => {
    expect(await describeIpPlace(null)).toBeNull();
    expect(await describeIpPlace('not-an-ip')).toEqual({ label: 'invalid address' });
  });
});

describe('device', () => {
  it('parses a desktop browser', () => {
    const ua = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
    expect(describeDevice(ua)).toEqual({ browser: 'Chrome 120', os: 'Mac OS 10.15.7', deviceType: 'desktop' });
  });

  it('parses a phone', () => {
    const ua = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1';
    expect(describeDevice(ua)).toMatchObject({ browser: 'Mobile Safari 17', os: 'iOS 17.1', deviceType: 'mobile' });
  });

  it('reports unknown for an unparseable agent and null without one', () => {
    expect(describeDevice('curl-ish/1')).toEqual({ browser: null, os: null, deviceType: 'unknown' });
    expect(describeDevice(undefined)).toBeNull();
  });
});

describe('authenticator model', () => {
  it.each([
    ['fbfc3007-154e-4ecc-8c0b-6e020557d7bd', 'iCloud Keychain'],
    ['ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4', 'Google Password Manager'],
    ['08987058-cadc-4b81-b6e1-30de50dcbe96', 'Windows Hello'],
    ['bada5566-a7aa-401f-bd96-45619a55120d', '1Password'],
    ['d548826e-79b4-db40-a3d8-11116f7e8349', 'Bitwarden'],
    ['adce0002-35bc-c60a-648b-0b25f1f05503', 'Chrome on Mac'],
    ['cb69481e-8ff7-4039-93ec-0a2729a154a8', 'YubiKey 5 Series'],
    ['531126d6-e717-415c-9320-3d9aa6981239', 'Dashlane'],
    ['53414d53-554e-4700-0000-000000000000', 'Samsung Pass'],
    ['50726f74-6f6e-5061-7373-50726f746f6e', 'Proton Pass'],
  ])('names %s as %s', (aaguid, model) => {
    expect(authenticatorModel(aaguid)).toBe(model);
  });

  it('accepts upper case and bare hex', () => {
    expect(authenticatorModel('FBFC3007154E4ECC8C0B6E020557D7BD')).toBe('iCloud Keychain');
  });

  it('distinguishes no attestation from an unknown provider', () => {
    expect(authenticatorModel('00000000-0000-0000-0000-000000000000')).toBe('Unspecified (no attestation)');
    expect(authenticatorModel('12345678-1234-1234-1234-123456789abc')).toBe('Unknown authenticator');
    expect(authenticatorModel('garbage')).toBe('Unknown authenticator');
  });

  it('describes an AAGUID as { aaguid, model } for the audit log', () => {
    expect(describeAuthenticator('EA9B8D66-4D01-1D21-3CE4-B6B48CB575D4')).toEqual({
      aaguid: 'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4',
      model: 'Google Password Manager',
    });
    expect(describeAuthenticator(undefined)).toBeNull();
  });
});
