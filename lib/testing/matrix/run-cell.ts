/**
 * Runs one matrix cell and lists every way the answer differs from the table: a refusal must
 * carry the expected status, leave the guarded tables untouched and write exactly one
 * authz.denied event by the caller (none for 401); an allowed call must succeed and take effect.
 */
import type { TDb } from '@/db/types';
import { ACTION_DRIVERS } from './action-drivers';
import { ADMIN_ACTION_DRIVERS } from './admin-action-drivers';
import { RECOVERY_DRIVERS } from './recovery-drivers';
import { APPROVAL_DRIVERS } from './approval-drivers';
import { NOTIFICATION_DRIVERS } from './notification-drivers';
import { auditHighWater, changedTables, denialsSince, digestGuardedTables, sessionEnd } from './db-digest';
import type { TCell, TDriverKey, TMatrixRow, TTargetCells } from './expected-access';
import type { TEndpointDriver, TOutcome } from './outcome';
import { isUnauthenticatedKind, PRINCIPALS, principalForCell, type TCast, type TCellPrincipal, type TPrincipalKind } from './principals';
import { enterRequest } from './request-context';
import { REVIEW_DRIVERS } from './review-drivers';
import { AUDIT_ROUTE_DRIVERS } from './audit-route-drivers';
import { RISK_DRIVERS } from './risk-drivers';
import { ROUTE_DRIVERS } from './route-drivers';
import { SERVICE_TOKEN_DRIVERS } from './service-token-drivers';
import { makeTarget, TARGET_KINDS, type TTargetKind } from './targets';

const DRIVERS: Record<TDriverKey, TEndpointDriver> = { ...ACTION_DRIVERS, ...ADMIN_ACTION_DRIVERS, ...NOTIFICATION_DRIVERS, ...APPROVAL_DRIVERS, ...SERVICE_TOKEN_DRIVERS, ...REVIEW_DRIVERS, ...AUDIT_ROUTE_DRIVERS, ...RISK_DRIVERS, ...ROUTE_DRIVERS, ...RECOVERY_DRIVERS };

export function driverOf(row: TMatrixRow): TEndpointDriver {
  return DRIVERS[row.driver];
}

export type TCellSpec = { row: TMatrixRow; principal: TPrincipalKind; target: TTargetKind | null; expected: Exclude<TCell, 'n/a'> };

/** The cells of the table, in order, skipping 'n/a'. */
export function cellsOf(matrix: readonly TMatrixRow[]): TCellSpec[] {
  const specs: TCellSpec[] = [];
  for (const row of matrix) {
    for (const principal of PRINCIPALS) {
      const value: TCell | TTargetCells = row.cells[principal];
      const perTarget: [TTargetKind | null, TCell][] = typeof value === 'object' ? TARGET_KINDS.map((target, i) => [target, value[i]!]) : [[null, value]];
      for (const [target, expected] of perTarget) if (expected !== 'n/a') specs.push({ row, principal, target, expected });
    }
  }
  return specs;
}

export function describeExpectation(row: TMatrixRow, expected: TCellSpec['expected']): string {
  if (expected === 'allow') return row.success === 'ok' ? 'allowed ({ ok: true })' : `allowed (${row.success})`;
  if (expected === 'guardrail') return 'refused by a guardrail (409), nothing changed, not an authz denial';
  return expected === 401 ? 'refused 401, nothing changed, no authz.denied' : `refused ${expected}, nothing changed, one authz.denied`;
}

function describeOutcome(o: TOutcome): string {
  return o.ok === undefined ? `status ${o.status}${o.code ? ` (${o.code})` : ''}` : o.ok ? '{ ok: true }' : `{ ok: false, code: ${o.code} } → ${o.status}`;
}

function successProblems(row: TMatrixRow, o: TOutcome): string[] {
  const succeeded = row.success === 'ok' ? o.ok === true : o.status === row.success;
  return succeeded ? [] : [`expected success ${row.success === 'ok' ? '{ ok: true }' : row.success}, got ${describeOutcome(o)}`];
}

/** The reason the server must record when it closes the caller's session on a 401. */
function expectedEndReason(principal: TCellPrincipal): string | null {
  return principal.kind === 'disabled' ? 'staff-disabled' : principal.kind === 'expired' ? 'expired' : null;
}

/** Far above any healthy answer (tens of milliseconds); past it the request is taken to have hung. */
export const ANSWER_LIMIT_MS = 2000;

const HUNG = Symbol('hung');

async function withinLimit<T>(work: Promise<T>): Promise<T | typeof HUNG> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<typeof HUNG>((resolve) => {
    timer = setTimeout(() => resolve(HUNG), ANSWER_LIMIT_MS);
  });
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
  }
}

export type TCellResult = { problems: string[]; hung: boolean };

/** Runs the cell; `problems` is empty when the app matches the table. */
export async function runCell(db: TDb, cast: TCast, spec: TCellSpec): Promise<TCellResult> {
  const problems = await checkCell(db, cast, spec);
  return problems === HUNG
    ? { problems: [`the endpoint did not answer within ${ANSWER_LIMIT_MS} ms (hung: a lock or transaction waiting on itself?)`], hung: true }
    : { problems, hung: false };
}

async function checkCell(db: TDb, cast: TCast, spec: TCellSpec): Promise<string[] | typeof HUNG> {
  const driver = driverOf(spec.row);
  const principal = await principalForCell(db, cast, spec.principal);
  const targetId = driver.target && spec.target ? await makeTarget(db, cast, principal, driver.target, spec.target) : null;
  const prepared = await driver.prepare({ db, cast, principal, targetId });
  await enterRequest({ sessionId: principal.sessionId, binding: principal.binding, ip: principal.ip });

  const ownSessionMayEnd = isUnauthenticatedKind(principal.kind) ? principal.sessionId : null;
  const before = await digestGuardedTables(db, ownSessionMayEnd);
  const seq = await auditHighWater(db);
  const outcome = await withinLimit(prepared.call());
  if (outcome === HUNG) return HUNG;
  const denials = await denialsSince(db, seq);
  const problems: string[] = [];

  if (spec.expected === 'allow') {
    problems.push(...successProblems(spec.row, outcome));
    if (prepared.happened && !(await prepared.happened())) problems.push('answered success but the effect is not visible in the database');
    if (denials.length > 0) problems.push(`an allowed call wrote ${denials.length} authz.denied event(s)`);
    return problems;
  }

  const expectedStatus = spec.expected === 'guardrail' ? 409 : spec.expected;
  if (outcome.status !== expectedStatus) problems.push(`expected status ${expectedStatus}, got ${describeOutcome(outcome)}`);
  if (expectedStatus === 401 && outcome.code !== 'UNAUTHENTICATED' && outcome.code !== 'SESSION_IDLE') {
    problems.push(`a 401 must be the session check (UNAUTHENTICATED), got ${outcome.code}`);
  }
  const changed = changedTables(before, await digestGuardedTables(db, ownSessionMayEnd));
  if (changed.length > 0) problems.push(`a refused call changed rows in: ${changed.join(', ')}`);

  const wantDenials = spec.expected === 403 || spec.expected === 404 ? 1 : 0;
  if (denials.length !== wantDenials) problems.push(`expected ${wantDenials} new authz.denied event(s), got ${denials.length}`);
  if (wantDenials === 1 && denials[0] && denials[0].actorId !== principal.person?.staffId) {
    problems.push(`the authz.denied event names actor ${denials[0].actorId}, not the caller`);
  }
  if (spec.expected === 404 && targetId && denials[0] && denials[0].targetId !== targetId) {
    problems.push(`the authz.denied event for a hidden record names target ${denials[0].targetId}, not ${targetId}`);
  }
  const reason = expectedEndReason(principal);
  if (reason && principal.sessionId) {
    const end = await sessionEnd(db, principal.sessionId);
    if (end?.endReason !== reason) problems.push(`the caller's session should be ended as '${reason}', found '${end?.endReason ?? 'open'}'`);
  }
  return problems;
}
