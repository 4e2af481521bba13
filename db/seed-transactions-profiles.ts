/**
 * Synthetic, deterministic demo material for the transaction seed: a seeded PRNG and
 * invented customers, merchants and places. Nothing here is a real person or card: names are
 * generated from syllables, emails use example.test, phones the UK drama range (+44 20 7946 0xxx).
 */
export type TRandom = () => number;

/** mulberry32: tiny, fast, deterministic. */
export function seededRandom(seed: number): TRandom {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(r: TRandom, items: readonly T[]): T => items[Math.floor(r() * items.length)] as T;

export type TPlace = { country: string; city: string; lat: number; lon: number; currency: string };

export const HOMES: readonly TPlace[] = [
  { country: 'FR', city: 'Paris', lat: 48.8566, lon: 2.3522, currency: 'EUR' },
  { country: 'DE', city: 'Berlin', lat: 52.52, lon: 13.405, currency: 'EUR' },
  { country: 'GB', city: 'London', lat: 51.5074, lon: -0.1278, currency: 'GBP' },
  { country: 'ES', city: 'Madrid', lat: 40.4168, lon: -3.7038, currency: 'EUR' },
  { country: 'NL', city: 'Amsterdam', lat: 52.3676, lon: 4.9041, currency: 'EUR' },
  { country: 'IT', city: 'Milan', lat: 45.4642, lon: 9.19, currency: 'EUR' },
  { country: 'US', city: 'New York', lat: 40.7128, lon: -74.006, currency: 'USD' },
  { country: 'CA', city: 'Toronto', lat: 43.6532, lon: -79.3832, currency: 'CAD' },
  { country: 'SE', city: 'Stockholm', lat: 59.3293, lon: 18.0686, currency: 'SEK' },
  { country: 'PL', city: 'Warsaw', lat: 52.2297, lon: 21.0122, currency: 'PLN' },
];

export const FAR_AWAY: readonly TPlace[] = [
  { country: 'SG', city: 'Singapore', lat: 1.3521, lon: 103.8198, currency: 'SGD' },
  { country: 'BR', city: 'São Paulo', lat: -23.5505, lon: -46.6333, currency: 'BRL' },
  { country: 'ZA', city: 'Johannesburg', lat: -26.2041, lon: 28.0473, currency: 'ZAR' },
  { country: 'IN', city: 'Mumbai', lat: 19.076, lon: 72.8777, currency: 'INR' },
  { country: 'AU', city: 'Sydney', lat: -33.8688, lon: 151.2093, currency: 'AUD' },
];

export const EVERYDAY_MERCHANTS = [
  { name: 'Corner Grocer', mcc: '5411' },
  { name: 'Blue Fern Café', mcc: '5812' },
  { name: 'Northside Fuel', mcc: '5541' },
  { name: 'Paper Lantern Books', mcc: '5942' },
  { name: 'Threadline Clothing', mcc: '5651' },
  { name: 'City Cab Co', mcc: '4121' },
  { name: 'Green Basket Market', mcc: '5411' },
  { name: 'Harbour Pharmacy', mcc: '5912' },
] as const;

export const RISKY_MERCHANTS = [
  { name: 'Lucky Spin Casino', mcc: '7995' },
  { name: 'QuickWire Transfers', mcc: '4829' },
  { name: 'Gadget Galaxy', mcc: '5732' },
  { name: 'Glint Jewellers', mcc: '5944' },
] as const;

const SYLLABLES = ['ka', 'lo', 'mi', 'ra', 'te', 'vo', 'sa', 'ne', 'di', 'ju', 'po', 'li', 'ba', 'xe', 'fo', 'ru'];
const BRANDS = [
  { brand: 'visa', bins: ['400011', '412345', '455673'] },
  { brand: 'mastercard', bins: ['510510', '522233', '545454'] },
  { brand: 'amex', bins: ['371449'] },
] as const;

function syntheticWord(r: TRandom, parts: number): string {
  const w = Array.from({ length: parts }, () => pick(r, SYLLABLES)).join('');
  return w.charAt(0).toUpperCase() + w.slice(1);
}

export type TDemoCustomer = {
  reference: string;
  name: string;
  email: string;
  phone: string;
  home: TPlace;
  devices: string[];
  card: { token: string; bin: string; last4: string; brand: string; expiryMonth: number; expiryYear: number };
  /** Typical spend in minor units. */
  typicalMinor: number;
};

export function demoCustomers(r: TRandom, count: number): TDemoCustomer[] {
  return Array.from({ length: count }, (_, i) => {
    const first = syntheticWord(r, 2);
    const last = syntheticWord(r, 3);
    const brand = pick(r, BRANDS);
    const n = String(i).padStart(4, '0');
    return {
      reference: `demo-cust-${n}`,
      name: `${first} ${last}`,
      email: `${first}.${last}.${n}@example.test`.toLowerCase(),
      phone: `+44 20 7946 ${String(Math.floor(r() * 1000)).padStart(4, '0')}`,
      home: pick(r, HOMES),
      devices: [`demo-dev-${n}-a`, ...(r() < 0.4 ? [`demo-dev-${n}-b`] : [])],
      card: {
        token: `tok_demo_${n}_${Math.floor(r() * 1e6).toString(36)}`,
        bin: pick(r, brand.bins),
        last4: String(Math.floor(r() * 10_000)).padStart(4, '0'),
        brand: brand.brand,
        expiryMonth: 1 + Math.floor(r() * 12),
        expiryYear: 2027 + Math.floor(r() * 5),
      },
      typicalMinor: 1_500 + Math.floor(r() * 12_000),
    };
  });
}
