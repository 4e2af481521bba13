/** What the approval use cases return: plain JSON-safe data for pages and client components. */
import type { TApprovalDecision, TApprovalStatus } from '@/db/schema';
import type { TPolicyDefinition } from './policy-schema';

export type TPersonRef = { id: string; name: string };

export type TStepGroupProgress = {
  label: string;
  roleKey: string | null;
  staffIds: string[];
  quorum: number;
  /** Approvers counted for this group (a person fills one slot across the step's groups). */
  signedBy: TPersonRef[];
  missing: number;
};

export type TStepProgress = {
  index: number;
  name: string;
  state: 'done' | 'open' | 'waiting' | 'void';
  groups: TStepGroupProgress[];
  /** People who could still sign this step now (current roles, SoD applied); empty unless open. */
  eligible: TPersonRef[];
};

export type TDecisionDto = {
  id: string;
  step: number;
  requestVersion: number;
  /** False for decisions on an older version (voided by a payload change). */
  current: boolean;
  decision: TApprovalDecision;
  comment: string;
  signer: TPersonRef;
  signatureVerified: boolean;
  passkeyId: string | null;
  credentialId: string;
  ip: string | null;
  userAgent: string | null;
  /** True when the reader may not see signers' IP, place and device (then ip and userAgent are null). */
  networkHidden: boolean;
  createdAt: string;
};

export type TApprovalRequestDto = {
  id: string;
  actionType: string;
  actionLabel: string;
  payload: Record<string, unknown>;
  payloadHash: string;
  summary: string;
  reason: string;
  requester: TPersonRef;
  status: TApprovalStatus;
  version: number;
  currentStep: number;
  policyVersion: number;
  tier: { index: number; name: string };
  steps: TStepProgress[];
  decisions: TDecisionDto[];
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  closedAt: string | null;
  executedAt: string | null;
  error: string | null;
  result: Record<string, unknown> | null;
  amountMinor: string;
  currency: string | null;
  /** Cosmetic hints for the UI; every use case checks again. */
  can: { decide: boolean; cancel: boolean; editPayload: boolean; retry: boolean; exportProof: boolean };
};

export type TApprovalListItem = {
  id: string;
  actionType: string;
  actionLabel: string;
  summary: string;
  requester: TPersonRef;
  status: TApprovalStatus;
  version: number;
  currentStep: number;
  createdAt: string;
  expiresAt: string;
};

export type TApprovalListPage = { items: TApprovalListItem[]; nextCursor: string | null };

export type TApprovalPolicyDto = {
  actionType: string;
  actionLabel: string;
  version: number;
  definition: TPolicyDefinition;
  createdAt: string;
  createdBy: TPersonRef | null;
  /** True while the registry default is in force (no saved version yet). */
  isDefault: boolean;
};

/** The decision payload a passkey signs (challenge = SHA-256 of its domain-separated canonical JSON with a nonce). */
export type TDecisionSignedPayload = {
  requestId: string;
  version: number;
  step: number;
  decision: TApprovalDecision;
  payloadHash: string;
};
