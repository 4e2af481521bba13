/**
 * The ingest API's request and response schemas. The same zod objects validate requests and
 * generate the OpenAPI document (z.toJSONSchema), so the docs cannot drift from the code.
 * Objects are strict: an unknown field is a 422, never silently stored.
 */
import { z } from 'zod';
import { COUNTRY_CODES, CURRENCY_CODES } from './schemas-reference-data';

/** Upper bound on amounts: 10^12 minor units (10 billion in a 2-decimal currency); beyond is a data error. */
export const MAX_AMOUNT_MINOR = 1_000_000_000_000;

const ZCountry = z.enum(COUNTRY_CODES as [string, ...string[]], { error: 'not an ISO 3166-1 alpha-2 country code' }).describe('ISO 3166-1 alpha-2 country code');
const ZCurrency = z.enum(CURRENCY_CODES as [string, ...string[]], { error: 'not an active ISO 4217 currency code' }).describe('ISO 4217 currency code');
const ZIdentifier = (max: number) => z.string().min(1).max(max).regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits, . _ : - only');
// Control characters (NUL cannot even be stored in PostgreSQL text), invisible format characters
// (bidi controls, LRM, invisible separators: they hide what a value really says) and lone
// surrogates are refused in free text.
const ZText = (max: number) =>
  z.string().trim().min(1).max(max).regex(/^[^\p{Cc}\p{Cf}\p{Cs}]*$/u, 'control characters, invisible formatting characters and invalid Unicode are not allowed');

// zod's default message lists the unknown keys verbatim, and a key can hold anything (a card
// number in another script, personal data): the 422 names only how many there were.
const unknownKeysError = (issue: { code?: string; keys?: string[] }) =>
  issue.code === 'unrecognized_keys' ? `unknown field${issue.keys?.length === 1 ? '' : 's'} (${issue.keys?.length ?? 0}); see the API reference for the accepted fields` : undefined;
const strictObject = <T extends z.core.$ZodLooseShape>(shape: T) => z.strictObject(shape, { error: unknownKeysError });

/**
 * Payments from before 2000 or more than a day ahead are data errors. The bound also keeps
 * every value inside PostgreSQL's timestamptz range once converted to UTC (a year-0000 or
 * year-9999 offset time otherwise fails the history query with a 500) and stops a far-future
 * date from staying outside every later velocity window.
 */
export const OCCURRED_AT_EARLIEST = Date.UTC(2000, 0, 1);
export const OCCURRED_AT_MAX_AHEAD_MS = 24 * 60 * 60 * 1000;
const ZOccurredAt = z.iso
  .datetime({ offset: true })
  .refine((s) => {
    const at = Date.parse(s);
    return at >= OCCURRED_AT_EARLIEST && at <= Date.now() + OCCURRED_AT_MAX_AHEAD_MS;
  }, 'must be between 2000-01-01 and 24 hours from now');

export const CHANNELS = ['ecommerce', 'pos', 'moto', 'recurring', 'in_app', 'atm'] as const;
export const CARD_BRANDS = ['visa', 'mastercard', 'amex', 'discover', 'jcb', 'unionpay', 'diners', 'maestro', 'other'] as const;

export const ZIngestCustomer = strictObject({
  reference: ZIdentifier(64).describe("The payment core's customer reference"),
  name: ZText(200).optional(),
  email: z.email().max(254).optional(),
  phone: z.string().regex(/^\+[1-9][0-9 ()-]{6,20}$/, 'E.164, e.g. +44 20 7946 0000').optional(),
  address: ZText(500).optional(),
  dateOfBirth: z.iso.date().optional(),
}).describe('Customer; personal data is encrypted at rest');

export const ZPaymentMethod = strictObject({
  token: z
    .string()
    .min(8)
    .max(128)
    .regex(/^[A-Za-z0-9_-]+$/)
    .regex(/[A-Za-z_-]/, 'a vault token, never a card number')
    .describe('Vault token standing for the card'),
  bin: z.string().regex(/^[0-9]{6,8}$/).describe('First 6–8 digits of the card'),
  last4: z.string().regex(/^[0-9]{4}$/),
  brand: z.enum(CARD_BRANDS),
  expiryMonth: z.int().min(1).max(12),
  expiryYear: z.int().min(2000).max(2100),
}).describe('The card as a token: card numbers are refused');

export const ZIngestTransaction = strictObject({
  externalId: ZIdentifier(64).describe("The payment core's transaction id (unique)"),
  amountMinor: z.int().min(1).max(MAX_AMOUNT_MINOR).describe('Amount in minor units of the currency (cents), > 0'),
  currency: ZCurrency,
  occurredAt: ZOccurredAt.describe('When the payment happened (RFC 3339; from 2000-01-01 to 24 hours ahead)'),
  merchant: strictObject({
    name: ZText(200),
    categoryCode: z.string().regex(/^[0-9]{4}$/).describe('ISO 18245 merchant category code'),
    country: ZCountry,
  }),
  customer: ZIngestCustomer,
  paymentMethod: ZPaymentMethod,
  channel: z.enum(CHANNELS),
  device: strictObject({
    id: ZIdentifier(128).optional(),
    fingerprint: ZIdentifier(128).optional(),
    ip: z.union([z.ipv4(), z.ipv6()]).optional(),
    userAgent: ZText(512).optional(),
  }).optional(),
  geolocation: strictObject({ country: ZCountry, lat: z.number().min(-90).max(90).optional(), lon: z.number().min(-180).max(180).optional() })
    .refine((g) => (g.lat === undefined) === (g.lon === undefined), { message: 'give both lat and lon, or neither' })
    .optional(),
}).describe('A card transaction submitted by the payment core for risk scoring');
export type TIngestTransaction = z.infer<typeof ZIngestTransaction>;

export const ZIngestResponse = z.strictObject({
  id: z.uuid(),
  externalId: z.string(),
  decision: z.enum(['allow', 'review', 'decline']).describe('allow: proceed; review: frozen for staff review; decline: block'),
  status: z.enum(['released', 'frozen', 'declined']),
  score: z.int().min(0).max(100),
  level: z.enum(['low', 'medium', 'high', 'critical']),
  factors: z.array(z.strictObject({ code: z.string(), weight: z.number().optional() })),
  ruleSetVersion: z.string(),
});
export type TIngestResponse = z.infer<typeof ZIngestResponse>;

export const ZErrorResponse = z.strictObject({
  error: z.strictObject({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.strictObject({ path: z.string(), message: z.string() })).optional(),
  }),
});
