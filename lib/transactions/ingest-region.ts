/** The operating region that owns a transaction, from the merchant's country (staff rules use `${actor.region}`). */
const EU = 'AT BE BG CH CY CZ DE DK EE ES FI FR GB GR HR HU IE IS IT LI LT LU LV MT NL NO PL PT RO SE SI SK';
const AMER = 'AG AR BB BO BR BS BZ CA CL CO CR CU DM DO EC GD GT GY HN HT JM KN LC MX NI PA PE PR PY SR SV TT US UY VC VE';
const APAC = 'AU BD BN BT CN FJ HK ID IN JP KH KR LA LK MM MN MO MV MY NP NZ PG PH PK SG TH TL TW VN';

const REGION_OF = new Map<string, string>([
  ...EU.split(' ').map((c) => [c, 'EU'] as const),
  ...AMER.split(' ').map((c) => [c, 'AMER'] as const),
  ...APAC.split(' ').map((c) => [c, 'APAC'] as const),
]);

export const REGIONS = ['EU', 'AMER', 'APAC', 'MEA'] as const;

export function regionOfCountry(country: string): string {
  return REGION_OF.get(country) ?? 'MEA';
}
