/**
 * Google's CSP Evaluator (npm csp_evaluator) over a policy: the gate fails on any finding of
 * severity HIGH, SYNTAX, MEDIUM, HIGH_MAYBE, STRICT_CSP or MEDIUM_MAYBE; INFO and NONE are
 * reported only (e.g. "'self' is ignored because of 'strict-dynamic'", the deliberate CSP2 fallback).
 */
import { CspEvaluator } from 'csp_evaluator/dist/evaluator.js';
import { Severity } from 'csp_evaluator/dist/finding.js';
import { CspParser } from 'csp_evaluator/dist/parser.js';

export type TCspFinding = { severity: string; directive: string; value: string | undefined; description: string };

const BLOCKING = new Set<number>([Severity.HIGH, Severity.SYNTAX, Severity.MEDIUM, Severity.HIGH_MAYBE, Severity.STRICT_CSP, Severity.MEDIUM_MAYBE]);

export function evaluateCsp(csp: string): { blocking: TCspFinding[]; informational: TCspFinding[] } {
  const findings = new CspEvaluator(new CspParser(csp).csp).evaluate();
  const toDto = (f: (typeof findings)[number]): TCspFinding => ({
    severity: Severity[f.severity] ?? String(f.severity),
    directive: f.directive,
    value: f.value,
    description: f.description,
  });
  return {
    blocking: findings.filter((f) => BLOCKING.has(f.severity)).map(toDto),
    informational: findings.filter((f) => !BLOCKING.has(f.severity)).map(toDto),
  };
}
