/**
 * The bootstrap exception of privileged invites. Right after the first-administrator setup
 * nobody but the requester could approve a `staff.privileged-invite` request, so waiting for an
 * approval would lock the console with one administrator for good. An invite is created at once
 * only while the policy in force could NOT be met by people other than the requester — counting
 * the people already invited to a role the policy names, so a lone administrator cannot mint
 * more than the quorum of colleagues before the approvals start.
 */
import 'server-only';
import { and, eq, gt, inArray, isNull } from 'drizzle-orm';
import { invites, roles } from '@/db/schema';
import type { TDbOrTx } from '@/db/types';
import type { TAnyActionType } from '@/lib/approvals/action-type';
import { stepMembers, stepSignerColumns } from '@/lib/approvals/eligibility';
import { selectTier } from '@/lib/approvals/evaluate-policy';
import type { TPolicyStep } from '@/lib/approvals/policy-schema';
import { currentPolicy } from '@/lib/approvals/policy-store';
import { quorumsMet, type TSlotGroup } from '@/lib/approvals/quorum-matching';

type TCandidate = { id: string; groupIndexes: number[] };

/** Open invites to a role the step names, as the people they will become. */
async function invitedMembers(tx: TDbOrTx, step: TPolicyStep): Promise<TCandidate[]> {
  const { currentStepRoleKeys: keys } = stepSignerColumns(step);
  if (keys.length === 0) return [];
  const open = await tx
    .select({ id: invites.id, key: roles.key })
    .from(invites)
    .innerJoin(roles, eq(roles.id, invites.roleId))
    .where(and(inArray(roles.key, keys), isNull(invites.acceptedAt), isNull(invites.revokedAt), gt(invites.expiresAt, new Date())));
  return open.map((i) => ({ id: `invite:${i.id}`, groupIndexes: step.groups.flatMap((g, n) => (g.roleKey === i.key ? [n] : [])) }));
}

function slotGroups(step: TPolicyStep, people: TCandidate[]): TSlotGroup[] {
  return step.groups.map((g, i) => ({ quorum: g.quorum, members: new Set(people.filter((p) => p.groupIndexes.includes(i)).map((p) => p.id)) }));
}

/** True when a request of `type` for `payload` could be approved by people other than the requester (or people already invited). */
export async function approvalIsPossible(tx: TDbOrTx, type: TAnyActionType, payload: Record<string, unknown>, requesterId: string): Promise<boolean> {
  const policy = await currentPolicy(tx, type);
  const tier = policy.definition.tiers[selectTier(policy.definition, payload)]!;
  const tierGroups: TSlotGroup[] = [];
  for (const step of tier.steps) {
    const people = [...(await stepMembers(tx, step, new Set([requesterId]))), ...(await invitedMembers(tx, step))];
    const groups = slotGroups(step, people);
    if (!quorumsMet(groups, people.map((p) => p.id))) return false;
    tierGroups.push(...groups);
  }
  if (!policy.definition.oneStepPerPerson || tier.steps.length < 2) return true;
  return quorumsMet(tierGroups, [...new Set(tierGroups.flatMap((g) => [...g.members]))]);
}
