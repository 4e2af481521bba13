// geoip-country ships no types; only the lookup this codebase uses is declared.
declare module 'geoip-country' {
  export type TGeoIpCountry = { country: string; name?: string; continent?: string };
  export function lookup(ip: string): TGeoIpCountry | null;
}
