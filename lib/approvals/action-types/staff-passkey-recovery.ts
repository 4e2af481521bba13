/**
 * `staff.passkey-recovery`: a staff member who lost every passkey gets a new enrolment link,
 * approved by two administrators. Executing it revokes their old passkeys and ends their
 * sessions at once; the requester then issues the one-time link (lib/staff/passkey-recovery.ts).
 */
import { z } from 'zod';
import { executePasskeyRecovery, validatePasskeyRecoveryRequest } from '@/lib/staff/passkey-recovery';
import { defineActionType } from '../action-type';
import { singleStepPolicy } from '../policy-schema';

export const ZPasskeyRecoveryPayload = z.strictObject({ staffId: z.uuid(), staffName: z.string().min(1).max(200) });

export const staffPasskeyRecovery = defineActionType({
  key: 'staff.passkey-recovery',
  label: 'Passkey recovery for a staff member',
  payloadSchema: ZPasskeyRecoveryPayload,
  defaultPolicy: singleStepPolicy('administrator', 2, 'Two administrators'),
  requestPermission: { action: 'update', subject: 'Staff' },
  summarize: (p) => `Revoke every passkey and session of ${p.staffName} and issue them a one-time link to enrol a new passkey.`,
  validateRequest: (tx, p, requesterId) => validatePasskeyRecoveryRequest(tx, p, requesterId),
  execute: (tx, p, ctx) => executePasskeyRecovery(tx, p, ctx),
});
