/**
 * Finds the Chromium that Playwright drives, in the order STACK.md fixes: CHROMIUM_PATH,
 * Debian's /usr/bin/chromium, `chromium-browser` or `google-chrome` on PATH, then
 * Playwright's own managed browser. `npx playwright install` cannot download on these
 * machines, so a missing browser must fail fast with instructions instead of a timeout.
 *
 * CLI: `tsx scripts/find-chromium.ts` prints the path (exit 0) or the instructions (exit 1).
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

export type TChromium = { executablePath: string; source: string };

export type TChromiumLookup = {
  env: Record<string, string | undefined>;
  isExecutable: (file: string) => boolean;
  /** Playwright's expected path for its managed Chromium (may not exist). */
  managedExecutablePath: () => string | undefined;
};

/** Launch flags that work for Debian's Chromium in containers (STACK.md). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
] as const;

export const MISSING_CHROMIUM_MESSAGE = [
  'No Chromium found for the Playwright e2e tests.',
  'Looked for: $CHROMIUM_PATH, /usr/bin/chromium, chromium-browser and google-chrome on PATH, Playwright\'s managed browser.',
  'Fix: `apt-get update && apt-get install -y chromium` (Debian/Ubuntu), or set CHROMIUM_PATH=/path/to/chrome.',
  '(`npx playwright install` cannot download on machines without internet access.)',
].join('\n');

export class ChromiumNotFoundError extends Error {
  constructor(message = MISSING_CHROMIUM_MESSAGE) {
    super(message);
    this.name = 'ChromiumNotFoundError';
  }
}

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, lookup: TChromiumLookup): string | undefined {
  for (const dir of (lookup.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (lookup.isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** The first usable Chromium, or undefined. A CHROMIUM_PATH that is set but unusable is an error, never skipped. */
export function findChromium(lookup: TChromiumLookup): TChromium | undefined {
  const explicit = lookup.env.CHROMIUM_PATH?.trim();
  if (explicit) {
    if (!lookup.isExecutable(explicit)) {
      throw new ChromiumNotFoundError(
        `CHROMIUM_PATH=${explicit} is not an executable file. Unset it, point it at a Chromium/Chrome binary, or run \`apt-get install -y chromium\`.`,
      );
    }
    return { executablePath: explicit, source: 'CHROMIUM_PATH' };
  }
  if (lookup.isExecutable('/usr/bin/chromium')) return { executablePath: '/usr/bin/chromium', source: '/usr/bin/chromium' };
  for (const name of ['chromium-browser', 'google-chrome']) {
    const found = onPath(name, lookup);
    if (found) return { executablePath: found, source: `${name} on PATH` };
  }
  const managed = lookup.managedExecutablePath();
  if (managed && lookup.isExecutable(managed)) return { executablePath: managed, source: 'Playwright managed browser' };
  return undefined;
}

function playwrightManagedPath(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

/** Resolves Chromium for this machine or throws ChromiumNotFoundError with install instructions. */
export function resolveChromium(env: Record<string, string | undefined> = process.env): TChromium {
  const found = findChromium({ env, isExecutable: isExecutableFile, managedExecutablePath: playwrightManagedPath });
  if (!found) throw new ChromiumNotFoundError();
  return found;
}

// Run as a command (not when imported by playwright.config.ts or scripts/test-all.ts).
if (/find-chromium\.[cm]?[jt]s$/.test(process.argv[1] ?? '')) {
  try {
    const found = resolveChromium();
    console.log(`${found.executablePath}  (${found.source})`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
