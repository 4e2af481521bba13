/** Reading approval policies (the version in force per action type), for the policy editor. */
import 'server-only';
import { eq } from 'drizzle-orm';
import { staff } from '@/db/schema';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { authorize } from '@/lib/authz/authorize';
import type { TAnyActionType } from './action-type';
import { currentPolicy } from './policy-store';
import { getActionType, listActionTypes } from './registry';
import type { TApprovalPolicyDto } from './types';

async function toDto(db: TDb, type: TAnyActionType): Promise<TApprovalPolicyDto> {
  const p = await currentPolicy(db, type);
  const [by] = p.createdBy ? await db.select({ id: staff.id, name: staff.name }).from(staff).where(eq(staff.id, p.createdBy)) : [];
  return { actionType: type.key, actionLabel: type.label, version: p.version, definition: p.definition, createdAt: p.createdAt.toISOString(), createdBy: by ?? null, isDefault: p.createdBy === null };
}

export async function getApprovalPolicy(db: TDb, actor: TActor, actionType: string): Promise<TApprovalPolicyDto> {
  await authorize(db, actor, 'read', 'ApprovalPolicy');
  return toDto(db, getActionType(actionType));
}

export async function listApprovalPolicies(db: TDb, actor: TActor): Promise<TApprovalPolicyDto[]> {
  await authorize(db, actor, 'read', 'ApprovalPolicy');
  const out: TApprovalPolicyDto[] = [];
  for (const { key } of listActionTypes()) out.push(await toDto(db, getActionType(key)));
  return out;
}
