/**
 * Every approval action type, one file each. To add one: create `<key>.ts` here calling
 * `defineActionType({...})`, then add one import line below.
 */
import './approval-policy-update';
import './role-privileged-change';
import './staff-passkey-recovery';
import './audit-prune';
import './transaction-release';
import './service-token-create';
import './risk-rules-update';
import './staff-privileged-invite';
