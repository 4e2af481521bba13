/** "Who could approve a request like this": the tier the payload falls in and the people per group, requester excluded. */
import 'server-only';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { authorize } from '@/lib/authz/authorize';
import { validationError } from '@/lib/errors';
import { z } from '@/lib/zod-setup';
import { parsePayload } from './create-approval-request';
import { stepMembers } from './eligibility';
import { selectTier } from './evaluate-policy';
import type { TPolicyDefinition } from './policy-schema';
import { currentPolicy } from './policy-store';
import type { TPersonRef } from './types';

const ZPreviewInput = z.strictObject({ actionType: z.string().min(3).max(64), payload: z.record(z.string(), z.unknown()) });

export type TEligiblePreview = {
  policyVersion: number;
  tier: { index: number; name: string };
  expiresInHours: number;
  steps: { name: string; groups: { label: string; quorum: number; eligible: TPersonRef[] }[] }[];
};

/** The preview for a definition (also used by the policy editor with an unsaved draft). */
export async function previewForDefinition(db: TDb, definition: TPolicyDefinition, payload: unknown, requesterId: string | null): Promise<Omit<TEligiblePreview, 'policyVersion'>> {
  const tierIndex = selectTier(definition, payload);
  const tier = definition.tiers[tierIndex]!;
  const exclude = new Set(requesterId ? [requesterId] : []);
  const steps = [];
  for (const step of tier.steps) {
    const members = await stepMembers(db, step, exclude);
    steps.push({
      name: step.name,
      groups: step.groups.map((g, gi) => ({
        label: g.label ?? g.roleKey ?? `${g.staffIds.length} named staff`,
        quorum: g.quorum,
        eligible: members.filter((m) => m.groupIndexes.includes(gi)).map(({ id, name }) => ({ id, name })),
      })),
    });
  }
  return { tier: { index: tierIndex, name: tier.name }, expiresInHours: definition.expiresInHours, steps };
}

export async function previewEligibleApprovers(db: TDb, actor: TActor, raw: unknown): Promise<TEligiblePreview> {
  const parsed = ZPreviewInput.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const { type, payload } = parsePayload(parsed.data.actionType, parsed.data.payload);
  await authorize(db, actor, type.requestPermission.action, type.requestPermission.subject);
  const policy = await currentPolicy(db, type);
  return { policyVersion: policy.version, ...(await previewForDefinition(db, policy.definition, payload, actor.staff.id)) };
}
