import { describe, expect, it } from 'vitest';
import { ChromiumNotFoundError, findChromium, type TChromiumLookup } from './find-chromium';

function lookup(executables: string[], env: Record<string, string | undefined> = {}, managed?: string): TChromiumLookup {
  const set = new Set(executables);
  return { env: { PATH: '/usr/local/bin:/usr/bin', ...env }, isExecutable: (f) => set.has(f), managedExecutablePath: () => managed };
}

describe('findChromium', () => {
  it('prefers CHROMIUM_PATH over everything else', () => {
    expect(findChromium(lookup(['/opt/chrome', '/usr/bin/chromium'], { CHROMIUM_PATH: '/opt/chrome' }))).toEqual({
      executablePath: '/opt/chrome',
      source: 'CHROMIUM_PATH',
    });
  });

  it('refuses a CHROMIUM_PATH that is not executable instead of silently using another browser', () => {
    expect(() => findChromium(lookup(['/usr/bin/chromium'], { CHROMIUM_PATH: '/missing' }))).toThrow(ChromiumNotFoundError);
  });

  it('uses Debian /usr/bin/chromium next', () => {
    expect(findChromium(lookup(['/usr/bin/chromium', '/usr/local/bin/google-chrome']))?.executablePath).toBe('/usr/bin/chromium');
  });

  it('then chromium-browser, then google-chrome, found on PATH', () => {
    expect(findChromium(lookup(['/usr/bin/chromium-browser', '/usr/local/bin/google-chrome']))?.source).toBe('chromium-browser on PATH');
    expect(findChromium(lookup(['/usr/local/bin/google-chrome']))?.executablePath).toBe('/usr/local/bin/google-chrome');
  });

  it("falls back to Playwright's managed browser only when its file exists", () => {
    const managed = '/root/.cache/ms-playwright/chromium-1/chrome-linux/chrome';
    expect(findChromium(lookup([managed], {}, managed))?.source).toBe('Playwright managed browser');
    expect(findChromium(lookup([], {}, managed))).toBeUndefined();
  });
});
