/** Reason codes a reviewer must choose for each decision (pure; shared by forms and the server). */
import { z } from '@/lib/zod-setup';
import { ZPanSafeText } from '@/lib/pan/pan-safe-text';

export const DECISIONS = ['release', 'decline', 'escalate'] as const;
export type TDecision = (typeof DECISIONS)[number];

export const REASON_CODES = {
  release: { false_positive: 'False positive', customer_verified: 'Customer verified the payment', known_merchant: 'Known, trusted merchant', within_pattern: "Within the customer's usual pattern", other: 'Other (see note)' },
  decline: { confirmed_fraud: 'Confirmed fraud', customer_denied: 'Customer denied the payment', stolen_card: 'Card reported lost or stolen', suspicious_pattern: 'Suspicious pattern', policy_violation: 'Violates policy', other: 'Other (see note)' },
  escalate: { needs_senior_review: 'Needs a senior reviewer', possible_money_laundering: 'Possible money laundering', needs_customer_contact: 'Needs customer contact', other: 'Other (see note)' },
} as const satisfies Record<TDecision, Record<string, string>>;

export type TReasonCode<D extends TDecision = TDecision> = Extract<keyof (typeof REASON_CODES)[D], string>;

export const NOTE_MAX = 2000;
/** Notes and decision notes: required, length-limited, never a card number. */
export const ZReviewNote = ZPanSafeText(NOTE_MAX, { label: 'note' });

export function isReasonCode(decision: TDecision, code: string): boolean {
  return Object.hasOwn(REASON_CODES[decision], code);
}

/** The decision input the forms and the server share: a reason code valid for the decision, and a note. */
export const ZDecisionInput = z
  .strictObject({
    transactionId: z.uuid('Unknown transaction'),
    decision: z.enum(DECISIONS),
    reasonCode: z.string().min(1, 'Choose a reason').max(64),
    note: ZReviewNote,
    version: z.number().int().min(0).optional(),
  })
  .refine((d) => isReasonCode(d.decision, d.reasonCode), { path: ['reasonCode'], message: 'Choose one of the listed reasons' });
export type TDecisionInput = z.input<typeof ZDecisionInput>;

/** Status a decision leads to. */
export const DECISION_STATUS = { release: 'released', decline: 'declined', escalate: 'escalated' } as const;
