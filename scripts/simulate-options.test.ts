import { describe, expect, it } from 'vitest';
import { simulateOptions } from './simulate-options';

const env = { token: 'cst_x' };

describe('npm run simulate options', () => {
  it('defaults to 5/s, 200 transactions, the local server', () => {
    expect(simulateOptions({}, env)).toMatchObject({ url: 'http://localhost:3000', rate: 5, count: 200, secret: null });
  });

  it.each([['abc'], [''], ['0'], ['501'], ['Infinity']])('refuses --rate %j instead of sending at full speed', (rate) => {
    expect(() => simulateOptions({ rate }, env)).toThrow(/--rate must be a number from 0.1 to 500/);
  });

  it.each([['abc'], ['0'], ['-5']])('refuses --count %j', (count) => {
    expect(() => simulateOptions({ count }, env)).toThrow(/--count/);
  });

  it.each([['http://countersign.example.com'], ['http://10.0.0.5:3000'], ['ftp://localhost']])('refuses to send the token to %s', (url) => {
    expect(() => simulateOptions({ url }, env)).toThrow(/must be https/);
  });

  it.each([['https://countersign.example.com/', 'https://countersign.example.com'], ['http://127.0.0.1:3000', 'http://127.0.0.1:3000'], ['http://[::1]:3000', 'http://[::1]:3000']])('accepts %s', (url, origin) => {
    expect(simulateOptions({ url, rate: '2.5', count: '10' }, env)).toMatchObject({ url: origin, rate: 2.5, count: 10 });
  });

  it('requires the token', () => {
    expect(() => simulateOptions({}, {})).toThrow(/COUNTERSIGN_TOKEN/);
  });
});
