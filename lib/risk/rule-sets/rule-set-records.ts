/** Rule-set rows as DTOs, the definition hash approvers sign, and the version label. */
import 'server-only';
import { createHash } from 'node:crypto';
import type { riskRuleSets } from '@/db/schema';
import { canonicalJson } from '@/lib/audit/canonical-json';
import { ZRiskRuleSetDefinition, type TRiskRuleSet, type TRiskRuleSetDefinition } from '../rule-set-schema';

export type TRiskRuleSetRow = typeof riskRuleSets.$inferSelect;

export type TRiskRuleSetDto = {
  id: string | null;
  version: number;
  label: string;
  status: 'draft' | 'active' | 'superseded' | 'built-in';
  definition: TRiskRuleSetDefinition;
  basedOnVersion: number | null;
  note: string;
  createdBy: string | null;
  approvalRequestId: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  activatedAt: string | null;
};

export const versionLabel = (version: number) => `v${version}`;

export function definitionHash(definition: TRiskRuleSetDefinition): string {
  return createHash('sha256').update(canonicalJson(definition as unknown as Record<string, unknown>)).digest('hex');
}

/** A stored definition, re-validated: a row that no longer parses is an internal fault, not a silent default. */
export function parseStoredDefinition(row: TRiskRuleSetRow): TRiskRuleSetDefinition {
  return ZRiskRuleSetDefinition.parse(row.definition);
}

export function toRuleSet(row: TRiskRuleSetRow): TRiskRuleSet {
  return { version: versionLabel(row.version), ...parseStoredDefinition(row) };
}

export function toDto(row: TRiskRuleSetRow): TRiskRuleSetDto {
  return {
    id: row.id,
    version: row.version,
    label: versionLabel(row.version),
    status: row.status,
    definition: parseStoredDefinition(row),
    basedOnVersion: row.basedOnVersion,
    note: row.note,
    createdBy: row.createdBy,
    approvalRequestId: row.approvalRequestId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    activatedAt: row.activatedAt?.toISOString() ?? null,
  };
}

/** The fields the RiskRuleSet permission subject knows (lib/permissions/subject-fields.ts). */
export function subjectRecord(row: TRiskRuleSetRow) {
  return { id: row.id, version: row.version, status: row.status, updatedById: row.createdBy };
}
