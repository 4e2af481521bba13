/** The risk engine's input and output (pure data; no I/O anywhere in lib/risk's evaluation). */

export type TRiskTransaction = {
  amountMinor: bigint | number;
  currency: string;
  occurredAt: Date;
  merchantCategoryCode: string;
  merchantCountry: string;
  cardBin: string;
  customerRef: string;
  /** Domain of the customer's email (lower case), when given. */
  emailDomain?: string | null;
  geoCountry?: string | null;
  geoLat?: number | null;
  geoLon?: number | null;
  deviceFingerprint?: string | null;
  deviceId?: string | null;
  ip?: string | null;
};

/** The customer's past, strictly before this transaction (shape of lib/transactions' history). */
export type TRiskHistory = {
  /** All transactions in the trailing window. */
  count: number;
  /** Same-currency amount statistics over the trailing window (minor units). */
  amount: { count: number; mean: number; stddev: number } | null;
  lastHour: { count: number; sumMinor: bigint };
  lastDay: { count: number; sumMinor: bigint };
  /** Countries seen before (geolocation, else merchant country). */
  countries: string[];
  /** This device (fingerprint or id) was used by the customer before. */
  deviceSeen: boolean;
  /** The latest earlier transaction with coordinates. */
  previousLocated: { occurredAt: Date; lat: number; lon: number; country: string | null } | null;
};

export type TRiskInput = { transaction: TRiskTransaction; history: TRiskHistory };

export type TRiskLevel = 'low' | 'medium' | 'high';
export type TRiskDecision = 'allow' | 'review' | 'decline';

export type TRiskFactor = {
  code: string;
  /** Points added to the score (block-list hits report 100; allow-list 0). */
  weight: number;
  /** Plain words a reviewer can read out. */
  explanation: string;
};

export type TRiskResult = {
  score: number;
  level: TRiskLevel;
  decision: TRiskDecision;
  factors: TRiskFactor[];
  ruleSetVersion: string;
};
