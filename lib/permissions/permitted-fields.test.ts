import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildAbility } from './ability';
import { permittedFields, pickPermitted } from './permitted-fields';

const actor = { id: randomUUID(), region: 'EU' };
const ALL = ['id', 'amountMinor', 'currency', 'merchantName', 'cardLast4'];

describe('permittedFields', () => {
  it('gives every field for a grant without a field list', () => {
    const ability = buildAbility([{ action: 'read', subject: 'Transaction' }], actor);
    expect(permittedFields(ability, 'read', 'Transaction', ALL)).toEqual(ALL);
  });

  it('gives only the listed fields for a grant with a field list', () => {
    const ability = buildAbility([{ action: 'read', subject: 'Transaction', fields: ['amountMinor', 'id'] }], actor);
    expect(permittedFields(ability, 'read', 'Transaction', ALL)).toEqual(['id', 'amountMinor']);
  });

  it('removes fields named by an inverted rule, whatever the rule order', () => {
    const ability = buildAbility(
      [
        { action: 'read', subject: 'Transaction', fields: ['cardLast4'], inverted: true },
        { action: 'read', subject: 'Transaction' },
      ],
      actor,
    );
    expect(permittedFields(ability, 'read', 'Transaction', ALL)).toEqual(['id', 'amountMinor', 'currency', 'merchantName']);
  });

  it('gives no fields without a grant', () => {
    const ability = buildAbility([{ action: 'read', subject: 'Staff' }], actor);
    expect(permittedFields(ability, 'read', 'Transaction', ALL)).toEqual([]);
  });

  it('checks conditions against the record when one is given', () => {
    const ability = buildAbility(
      [
        { action: 'read', subject: 'Transaction', fields: ['id'] },
        { action: 'read', subject: 'Transaction', conditions: { region: '${actor.region}' } },
      ],
      actor,
    );
    expect(permittedFields(ability, 'read', 'Transaction', ALL, { region: 'EU' })).toEqual(ALL);
    expect(permittedFields(ability, 'read', 'Transaction', ALL, { region: 'US' })).toEqual(['id']);
  });

  it('ignores field names outside the list it is given', () => {
    const ability = buildAbility([{ action: 'read', subject: 'Transaction', fields: ['id', 'riskScore'] }], actor);
    expect(permittedFields(ability, 'read', 'Transaction', ['id', 'currency'])).toEqual(['id']);
  });
});

describe('pickPermitted', () => {
  const row = { id: randomUUID(), amountMinor: 1200n, currency: 'EUR', merchantName: 'Shop', cardLast4: '4242', region: 'EU' };

  it('keeps only permitted fields in the DTO', () => {
    const ability = buildAbility([{ action: 'read', subject: 'Transaction', fields: ['id', 'amountMinor', 'currency'] }], actor);
    expect(pickPermitted(row, ability, 'read', 'Transaction')).toEqual({ id: row.id, amountMinor: 1200n, currency: 'EUR' });
  });

  it('masks a field denied by an inverted rule', () => {
    const ability = buildAbility(
      [
        { action: 'read', subject: 'Transaction' },
        { action: 'read', subject: 'Transaction', fields: ['cardLast4', 'merchantName'], inverted: true, reason: 'Auditors see transactions masked' },
      ],
      actor,
    );
    const dto = pickPermitted(row, ability, 'read', 'Transaction');
    expect(dto).not.toHaveProperty('cardLast4');
    expect(dto).not.toHaveProperty('merchantName');
    expect(dto.amountMinor).toBe(1200n);
  });

  it('checks conditions against the full record even when the DTO lacks the condition field', () => {
    const ability = buildAbility([{ action: 'read', subject: 'Transaction', conditions: { region: 'EU' } }], actor);
    const { region: _region, ...dto } = row;
    expect(pickPermitted(dto, ability, 'read', 'Transaction', row)).toEqual(dto);
    expect(pickPermitted(dto, ability, 'read', 'Transaction', { ...row, region: 'US' })).toEqual({});
  });

  it('returns an empty object for a record the actor may not access', () => {
    const ability = buildAbility([], actor);
    expect(pickPermitted(row, ability, 'read', 'Transaction')).toEqual({});
  });
});
