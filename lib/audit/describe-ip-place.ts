/**
 * Where an IP address is, from the offline GeoLite2 country database in `geoip-country`
 * (no network calls at runtime). Special-purpose ranges are labelled without a lookup.
 */
import 'server-only';
import { normaliseIp, specialIpLabel, type TSpecialIpLabel } from './special-ip-ranges';

export type TIpPlace = { country: string } | { label: TSpecialIpLabel | 'unknown' | 'invalid address' };

type TGeoIp = { lookup: (ip: string) => { country: string } | null };

let geoip: Promise<TGeoIp> | undefined;

/** Loads the ~8 MB database once per process, on first use rather than at import. */
function loadGeoIp(): Promise<TGeoIp> {
  if (!geoip) {
    const p = import('geoip-country').then((m) => ((m as { default?: TGeoIp }).default ?? m) as TGeoIp);
    geoip = p;
    // A failed load is not cached, so the next event retries instead of never enriching again.
    p.catch(() => {
      if (geoip === p) geoip = undefined;
    });
  }
  return geoip;
}

/** The place of an address: `{ country }`, a special-range `{ label }`, or null when there is no address. */
export async function describeIpPlace(ip: string | null | undefined): Promise<TIpPlace | null> {
  if (!ip) return null;
  const n = normaliseIp(ip);
  if (!n) return { label: 'invalid address' };
  const special = specialIpLabel(n.address);
  if (special) return { label: special };
  const hit = (await loadGeoIp()).lookup(n.address);
  return hit?.country ? { country: hit.country } : { label: 'unknown' };
}
