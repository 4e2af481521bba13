/** The device behind a user agent string, parsed with ua-parser-js into browser / OS / device type. */
import UAParser from 'ua-parser-js';

export type TDevice = { browser: string | null; os: string | null; deviceType: string };

function nameWithVersion(name: string | undefined, version: string | undefined): string | null {
  if (!name) return null;
  return version ? `${name} ${version}` : name;
}

/** ua-parser-js leaves `device.type` empty for desktops; anything unparsed is "unknown". */
export function describeDevice(userAgent: string | null | undefined): TDevice | null {
  if (!userAgent) return null;
  const r = new UAParser(userAgent.slice(0, 512)).getResult();
  const browser = nameWithVersion(r.browser.name, r.browser.major);
  const os = nameWithVersion(r.os.name, r.os.version);
  const deviceType = r.device.type ?? (browser || os ? 'desktop' : 'unknown');
  return { browser, os, deviceType };
}
