/**
 * Turns an ability's rules for one action on one subject into a Drizzle `where` clause, so
 * lists are filtered in the database and never fetched whole. Grants are OR-ed and denials
 * (inverted rules) AND-NOT-ed; a grant without conditions is `true`; no grant at all is
 * `false` (no rows). Rules that only restrict fields do not restrict rows. Abilities whose
 * rule order lets a grant outrank a denial go through CASL's own rulesToAST instead.
 */
import 'server-only';
import { rulesToAST } from '@casl/ability/extra';
import type { SQL } from 'drizzle-orm';
import type { TAppAbility } from './ability';
import { conditionAstToSql, FALSE, type TAstNode, type TSqlTarget } from './condition-ast-to-sql';
import type { TConditionField } from './subject-fields';
import type { TAction, TConcreteSubject } from './vocabulary';

/** Where each filterable field of the subject lives in the query (a column or an expression). */
export type TColumnMap<S extends TConcreteSubject> = { readonly [F in TConditionField<S>]: TSqlTarget };

type TRule = ReturnType<TAppAbility['rulesFor']>[number];

/**
 * `OR(grants) AND NOT OR(denials)`, valid when every denial outranks every grant, which
 * buildAbility guarantees. Linear in the rule count, where rulesToAST repeats every denial
 * inside every grant (250 rules gave kilobytes of SQL). Undefined when the order differs.
 */
function grantsMinusDenials(rules: readonly TRule[]): TAstNode | null | undefined {
  const grants: TAstNode[] = [];
  const denials: TAstNode[] = [];
  let grantsAll = false;
  for (const rule of rules) {
    const ast = rule.conditions ? rule.ast : undefined;
    if (rule.conditions && !ast) throw new Error('casl-to-sql: a conditional rule has no AST');
    if (rule.inverted) {
      if (grants.length > 0) return undefined;
      if (!ast) return null; // an unconditional denial outranks every grant
      denials.push(ast);
    } else if (!ast) {
      grantsAll = true;
      break;
    } else grants.push(ast);
  }
  if (!grantsAll && grants.length === 0) return null;
  const either = (nodes: TAstNode[]): TAstNode => (nodes.length === 1 ? (nodes[0] as TAstNode) : { operator: 'or', value: nodes });
  const denied: TAstNode | undefined = denials.length ? { operator: 'not', value: [either(denials)] } : undefined;
  if (grantsAll) return denied ?? { operator: 'and', value: [] };
  return denied ? { operator: 'and', value: [either(grants), denied] } : either(grants);
}

/** The SQL filter selecting exactly the records on which the ability allows the action. */
export function caslToSql<S extends TConcreteSubject>(ability: TAppAbility, action: TAction, subject: S, columns: TColumnMap<S>): SQL {
  const compact = grantsMinusDenials(ability.rulesFor(action, subject));
  const ast = compact === undefined ? rulesToAST(ability, action, subject) : compact;
  if (!ast) return FALSE;
  return conditionAstToSql(ast, subject, columns);
}
