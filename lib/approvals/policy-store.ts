/**
 * Stored policy versions. The registry default is stored as version 1 the first time a type is
 * used, so every request names a real, immutable policy row; saving creates version n + 1.
 */
import 'server-only';
import { and, desc, eq } from 'drizzle-orm';
import { approvalPolicies } from '@/db/schema';
import type { TDbOrTx } from '@/db/types';
import type { TAnyActionType } from './action-type';
import { ZPolicyDefinition, type TPolicyDefinition } from './policy-schema';

export type TStoredPolicy = { id: string; actionType: string; version: number; definition: TPolicyDefinition; createdBy: string | null; createdAt: Date };

function toStored(row: typeof approvalPolicies.$inferSelect): TStoredPolicy {
  return { ...row, definition: ZPolicyDefinition.parse(row.definition) };
}

export async function findLatestPolicy(db: TDbOrTx, actionType: string): Promise<TStoredPolicy | undefined> {
  const [row] = await db.select().from(approvalPolicies).where(eq(approvalPolicies.actionType, actionType)).orderBy(desc(approvalPolicies.version)).limit(1);
  return row ? toStored(row) : undefined;
}

export async function findPolicyVersion(db: TDbOrTx, actionType: string, version: number): Promise<TStoredPolicy | undefined> {
  const [row] = await db.select().from(approvalPolicies).where(and(eq(approvalPolicies.actionType, actionType), eq(approvalPolicies.version, version)));
  return row ? toStored(row) : undefined;
}

/** The policy in force for a type, storing the registry default as version 1 when none exists. */
export async function currentPolicy(db: TDbOrTx, type: TAnyActionType): Promise<TStoredPolicy> {
  const latest = await findLatestPolicy(db, type.key);
  if (latest) return latest;
  const definition = ZPolicyDefinition.parse(type.defaultPolicy);
  await db.insert(approvalPolicies).values({ actionType: type.key, version: 1, definition }).onConflictDoNothing();
  const stored = await findLatestPolicy(db, type.key);
  if (!stored) throw new Error(`could not store the default policy of ${type.key}`);
  return stored;
}

/** Stores `definition` as the next version; the unique (type, version) refuses a concurrent save of the same base. */
export async function insertPolicyVersion(
  db: TDbOrTx,
  input: { actionType: string; basedOnVersion: number; definition: TPolicyDefinition; createdBy: string; sourceRequestId: string },
): Promise<TStoredPolicy> {
  const [row] = await db
    .insert(approvalPolicies)
    .values({ actionType: input.actionType, version: input.basedOnVersion + 1, definition: input.definition, createdBy: input.createdBy, sourceRequestId: input.sourceRequestId })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new Error(`policy version ${input.basedOnVersion + 1} of ${input.actionType} already exists`);
  return toStored(row);
}
