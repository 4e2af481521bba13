/**
 * Policy validation with messages that name the path: structure (empty groups, quorums larger
 * than a named group, a last tier with conditions) and, against the database, groups whose role
 * does not exist, quorums larger than the group's active members, and tiers no set of people
 * could ever satisfy.
 */
import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { roles, staff, staffRoles } from '@/db/schema';
import type { TDbOrTx } from '@/db/types';
import { ZPolicyDefinition, type TPolicyDefinition } from './policy-schema';
import { quorumsMet, type TSlotGroup } from './quorum-matching';

export type TPolicyIssue = { path: string; message: string };

export function structuralPolicyIssues(def: TPolicyDefinition): TPolicyIssue[] {
  const issues: TPolicyIssue[] = [];
  def.tiers.forEach((tier, t) => {
    if (t === def.tiers.length - 1 && tier.when.length > 0) issues.push({ path: `tiers.${t}.when`, message: 'the last tier must have no conditions, so every request finds a tier' });
    tier.steps.forEach((step, s) =>
      step.groups.forEach((g, gi) => {
        const path = `tiers.${t}.steps.${s}.groups.${gi}`;
        if (!g.roleKey && g.staffIds.length === 0) issues.push({ path, message: 'empty group: choose a role or named staff members' });
        else if (!g.roleKey && g.quorum > new Set(g.staffIds).size) issues.push({ path: `${path}.quorum`, message: `quorum ${g.quorum} is larger than the group (${new Set(g.staffIds).size} named staff)` });
      }),
    );
  });
  return issues;
}

/** Active members of each role key and which named staff are active. */
async function loadMembership(db: TDbOrTx, def: TPolicyDefinition) {
  const roleKeys = [...new Set(def.tiers.flatMap((t) => t.steps.flatMap((s) => s.groups.flatMap((g) => (g.roleKey ? [g.roleKey] : [])))))];
  const named = [...new Set(def.tiers.flatMap((t) => t.steps.flatMap((s) => s.groups.flatMap((g) => g.staffIds))))];
  const existingRoles = roleKeys.length ? await db.select({ key: roles.key }).from(roles).where(inArray(roles.key, roleKeys)) : [];
  const holders = roleKeys.length
    ? await db
        .select({ key: roles.key, staffId: staffRoles.staffId })
        .from(staffRoles)
        .innerJoin(roles, eq(roles.id, staffRoles.roleId))
        .innerJoin(staff, eq(staff.id, staffRoles.staffId))
        .where(and(inArray(roles.key, roleKeys), eq(staff.status, 'active')))
    : [];
  const activeNamed = named.length ? await db.select({ id: staff.id }).from(staff).where(and(inArray(staff.id, named), eq(staff.status, 'active'))) : [];
  return { roleKeys: new Set(existingRoles.map((r) => r.key)), holders, activeNamed: new Set(activeNamed.map((s) => s.id)) };
}

export async function validatePolicy(db: TDbOrTx, raw: unknown): Promise<{ ok: true; definition: TPolicyDefinition } | { ok: false; issues: TPolicyIssue[] }> {
  const parsed = ZPolicyDefinition.safeParse(raw);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(policy)', message: i.message })) };
  const def = parsed.data;
  const issues = structuralPolicyIssues(def);
  const m = await loadMembership(db, def);
  const membersOf = (g: TPolicyDefinition['tiers'][number]['steps'][number]['groups'][number]) =>
    new Set([...m.holders.filter((h) => h.key === g.roleKey).map((h) => h.staffId), ...g.staffIds.filter((id) => m.activeNamed.has(id))]);
  def.tiers.forEach((tier, t) => {
    const tierGroups: TSlotGroup[] = [];
    tier.steps.forEach((step, s) => {
      const stepGroups: TSlotGroup[] = [];
      step.groups.forEach((g, gi) => {
        const path = `tiers.${t}.steps.${s}.groups.${gi}`;
        if (g.roleKey && !m.roleKeys.has(g.roleKey)) issues.push({ path: `${path}.roleKey`, message: `no role with the key "${g.roleKey}"` });
        g.staffIds.filter((id) => !m.activeNamed.has(id)).forEach((id) => issues.push({ path: `${path}.staffIds`, message: `staff member ${id} does not exist or is disabled` }));
        const members = membersOf(g);
        if ((g.roleKey || g.staffIds.length) && g.quorum > members.size) issues.push({ path: `${path}.quorum`, message: `quorum ${g.quorum} is larger than the group (${members.size} active member${members.size === 1 ? '' : 's'})` });
        stepGroups.push({ quorum: g.quorum, members });
      });
      const everyone = [...new Set(stepGroups.flatMap((g) => [...g.members]))];
      if (!quorumsMet(stepGroups, everyone)) issues.push({ path: `tiers.${t}.steps.${s}`, message: 'no set of distinct people can satisfy this step (a person counts once per request)' });
      tierGroups.push(...stepGroups);
    });
    const everyone = [...new Set(tierGroups.flatMap((g) => [...g.members]))];
    if (def.oneStepPerPerson && tier.steps.length > 1 && !quorumsMet(tierGroups, everyone)) {
      const needed = tierGroups.reduce((n, g) => n + g.quorum, 0);
      issues.push({ path: `tiers.${t}`, message: `no one can ever satisfy this tier: it needs ${needed} distinct people (one step per person) but not enough are eligible` });
    }
  });
  // Duplicate paths (e.g. the step and tier say the same thing) read as noise; keep the first.
  const unique = issues.filter((i, n) => issues.findIndex((j) => j.path === i.path && j.message === i.message) === n);
  return unique.length ? { ok: false, issues: unique } : { ok: true, definition: def };
}
