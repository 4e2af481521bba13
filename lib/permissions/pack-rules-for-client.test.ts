import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildAbility } from './ability';
import { asSubject } from './as-subject';
import { createClientAbility, packRulesForClient } from './pack-rules-for-client';

const actor = { id: randomUUID(), region: 'EU' };
const ability = buildAbility(
  [
    { action: 'manage', subject: 'Transaction', reason: 'internal note' },
    { action: 'release', subject: 'Transaction', conditions: { assigneeId: { $ne: '${actor.id}' } }, inverted: true },
    { action: 'read', subject: 'Staff', fields: ['id', 'name'] },
  ],
  actor,
);

describe('packRulesForClient', () => {
  it('packs resolved rules compactly, without reasons or placeholders', () => {
    const packed = packRulesForClient(ability.rules);
    expect(packed).toEqual([
      ['manage', 'Transaction'],
      ['read', 'Staff', 0, 0, 'id,name'],
      ['release', 'Transaction', { assigneeId: { $ne: actor.id } }, 1],
    ]);
    expect(JSON.stringify(packed)).not.toContain('internal note');
  });

  it('gives the client the same answers as the server', () => {
    const client = createClientAbility(JSON.parse(JSON.stringify(packRulesForClient(ability.rules))));
    const cases = [
      ['release', asSubject('Transaction', { assigneeId: actor.id })],
      ['release', asSubject('Transaction', { assigneeId: randomUUID() })],
      ['read', 'Staff'],
      ['update', 'Staff'],
    ] as const;
    for (const [action, target] of cases) expect(client.can(action, target)).toBe(ability.can(action, target));
  });
});
