/**
 * The approval policy model: ordered tiers chosen by conditions on the payload; each tier is
 * a list of steps signed in order; each step needs a quorum from every one of its groups (AND),
 * in any order inside the step. A group is a role and/or named staff members.
 */
import { z } from 'zod';

const ZScalar = z.union([z.string().max(200), z.number().finite(), z.boolean()]);

/** `amountMinor gte "5000000"` compares decimal integer strings as integers (money in minor units). */
export const ZPolicyCondition = z.strictObject({
  field: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/, 'a payload field name like amountMinor or target.kind').max(100),
  op: z.enum(['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in']),
  value: z.union([ZScalar, z.array(ZScalar).min(1).max(50)]),
});

export const ZPolicyGroup = z.strictObject({
  label: z.string().trim().min(1).max(80).optional(),
  roleKey: z.string().regex(/^[a-z0-9][a-z0-9-]*$/).max(64).optional(),
  staffIds: z.array(z.uuid()).max(50).default([]),
  quorum: z.number().int().min(1, 'quorum must be at least 1').max(20),
});

export const ZPolicyStep = z.strictObject({
  name: z.string().trim().min(1).max(80),
  groups: z.array(ZPolicyGroup).min(1, 'a step needs at least one group').max(5),
});

export const ZPolicyTier = z.strictObject({
  name: z.string().trim().min(1).max(80),
  /** All conditions must hold (AND); an empty list always matches. */
  when: z.array(ZPolicyCondition).max(10).default([]),
  steps: z.array(ZPolicyStep).min(1, 'a tier needs at least one step').max(5),
});

export const ZPolicyDefinition = z.strictObject({
  expiresInHours: z.number().int().min(1).max(24 * 30).default(24),
  /** Separation of duties: a person signs at most one step of a request (default on). */
  oneStepPerPerson: z.boolean().default(true),
  /** Tried in order; the first whose conditions hold applies. The last must have no conditions. */
  tiers: z.array(ZPolicyTier).min(1).max(10),
});

export type TPolicyCondition = z.infer<typeof ZPolicyCondition>;
export type TPolicyGroup = z.infer<typeof ZPolicyGroup>;
export type TPolicyStep = z.infer<typeof ZPolicyStep>;
export type TPolicyTier = z.infer<typeof ZPolicyTier>;
export type TPolicyDefinition = z.infer<typeof ZPolicyDefinition>;
export type TPolicyDefinitionInput = z.input<typeof ZPolicyDefinition>;

/** A one-step policy: `quorum` holders of `roleKey`. */
export function singleStepPolicy(roleKey: string, quorum: number, label?: string): TPolicyDefinitionInput {
  return { tiers: [{ name: 'Default', steps: [{ name: label ?? 'Approval', groups: [{ roleKey, quorum }] }] }] };
}
