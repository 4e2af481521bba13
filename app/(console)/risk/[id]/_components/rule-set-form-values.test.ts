import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SET } from '@/lib/risk/default-rule-set';
import { ZRiskRuleSetDefinition } from '@/lib/risk/rule-set-schema';
import { fromForm, toForm } from './rule-set-form-values';

describe('rule set editor form values', () => {
  it('round-trips the default rule set through the form unchanged', () => {
    const { version: _v, ...definition } = DEFAULT_RULE_SET;
    expect(ZRiskRuleSetDefinition.parse(fromForm(toForm(definition, '')))).toEqual(definition);
  });

  it('turns edits into a definition the schema accepts or refuses', () => {
    const { version: _v, ...definition } = DEFAULT_RULE_SET;
    const form = { ...toForm(definition, ''), 'weights.device.new': '15', 'block.countries': 'kp\nru', 'amount.highMinor': 'eur 400000' };
    const parsed = ZRiskRuleSetDefinition.parse(fromForm(form));
    expect(parsed.weights['device.new']).toBe(15);
    expect(parsed.block.countries).toEqual(['KP', 'RU']);
    expect(parsed.amount.highMinor).toEqual({ EUR: '400000' });
    expect(ZRiskRuleSetDefinition.safeParse(fromForm({ ...form, 'thresholds.medium': 'abc' })).success).toBe(false);
  });
});
