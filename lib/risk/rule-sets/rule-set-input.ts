/** Inputs of the rule-set use cases (shared by the editor form and the server). */
import { z } from '@/lib/zod-setup';
import { ZPanSafeText } from '@/lib/pan/pan-safe-text';
import { ZRiskRuleSetDefinition } from '../rule-set-schema';

export const ZRuleSetId = z.uuid('Unknown rule set');

export const ZCreateDraftInput = z.strictObject({
  note: ZPanSafeText(1000, { min: 0, label: 'note' }).default(''),
});

export const ZUpdateDraftInput = z.strictObject({
  id: ZRuleSetId,
  /** The `updatedAt` the editor loaded: saving over a newer edit is a conflict. */
  updatedAt: z.iso.datetime({ offset: true }),
  definition: ZRiskRuleSetDefinition,
  note: ZPanSafeText(1000, { min: 0, label: 'note' }),
});
export type TUpdateDraftInput = z.input<typeof ZUpdateDraftInput>;

export const ZSubmitRuleSetInput = z.strictObject({
  id: ZRuleSetId,
  reason: ZPanSafeText(1000, { min: 3, label: 'reason' }),
});

export const ZBacktestInput = z.strictObject({
  id: ZRuleSetId,
  days: z.int().min(1, 'Backtest 1 to 90 days').max(90, 'Backtest 1 to 90 days'),
  /** Keyset cursor from the previous chunk: `<receivedAt ISO>|<id>`. */
  cursor: z.string().max(100).nullable().default(null),
  /** Fixed at the first chunk so every chunk covers the same window. */
  until: z.iso.datetime({ offset: true }).nullable().default(null),
});
export type TBacktestInput = z.input<typeof ZBacktestInput>;
