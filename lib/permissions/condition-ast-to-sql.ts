/**
 * Renders a CASL condition AST (ucast nodes: and/or/not and field comparisons) as a Drizzle
 * SQL fragment. Every comparison is two-valued (never SQL NULL), matching conditions-matcher:
 * a NULL column satisfies `$ne` and `$nin` and nothing else. Without that, `NOT (col = 'EU')`
 * would be NULL for a NULL column and hide rows that `ability.can()` allows.
 */
import 'server-only';
import { Column, is, sql, StringChunk, type SQL, type SQLChunk } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { fieldSpecOf } from './subject-fields';
import type { TConcreteSubject } from './vocabulary';

export type TAstNode = { operator: string; value: unknown; field?: string };
export type TSqlTarget = AnyPgColumn | SQL;

type TField = { target: TSqlTarget; column?: AnyPgColumn; nullable: boolean; isDate: boolean };
type TContext = { subject: TConcreteSubject; columns: Record<string, TSqlTarget>; fields: Map<string, TField>; out: SQLChunk[] };

// One flat chunk list and a single SQL object at the end, with shared string chunks: Drizzle
// inspects every chunk of every SQL object it constructs, so nested templates cost several
// times more on large rule sets (bench/run.ts). The SQL text is the same.
const chunk = (text: string) => new StringChunk(text);
const [OPEN, CLOSE, AND, OR, NOT, COMMA] = ['(', ')', ' and ', ' or ', 'not (', ', '].map(chunk) as StringChunk[];
const [IS_NULL, IS_NOT_NULL, IN, NOT_IN] = [' is null', ' is not null', ' in (', ' not in ('].map(chunk) as StringChunk[];
const COMPARISONS: Record<string, StringChunk> = { eq: chunk(' = '), ne: chunk(' <> '), lt: chunk(' < '), lte: chunk(' <= '), gt: chunk(' > '), gte: chunk(' >= ') };
export const TRUE = sql`true`;
export const FALSE = sql`false`;

function fieldOf(ctx: TContext, name: string): TField {
  const cached = ctx.fields.get(name);
  if (cached) return cached;
  if (!Object.hasOwn(ctx.columns, name)) throw new Error(`casl-to-sql: no column for ${ctx.subject}.${name}`);
  const target = ctx.columns[name] as TSqlTarget;
  const column = is(target, Column) ? target : undefined;
  const field = { target, column, nullable: !column?.notNull, isDate: fieldSpecOf(ctx.subject, name)?.type === 'date' };
  ctx.fields.set(name, field);
  return field;
}

function pushParam(ctx: TContext, field: TField, value: unknown): void {
  // Rules store dates as ISO strings; Drizzle's timestamp encoder expects Date objects.
  const driverValue = field.isDate && typeof value === 'string' ? new Date(value) : value;
  // A column binds through its own encoder, as Drizzle's eq() would.
  ctx.out.push(field.column ? sql.param(driverValue, field.column) : sql.param(driverValue));
}

/** `(cmp and col is not null)` / `(cmp or col is null)` on nullable targets; bare `cmp` otherwise. */
function guarded(ctx: TContext, f: TField, absentMatches: boolean, writeComparison: () => void): void {
  if (!f.nullable) return writeComparison();
  ctx.out.push(OPEN);
  writeComparison();
  ctx.out.push(absentMatches ? OR : AND, f.target, absentMatches ? IS_NULL : IS_NOT_NULL, CLOSE);
}

function writeField(node: TAstNode & { field: string }, ctx: TContext): void {
  const f = fieldOf(ctx, node.field);
  const comparison = COMPARISONS[node.operator];
  if (comparison) {
    if (node.value === null && (node.operator === 'eq' || node.operator === 'ne')) {
      ctx.out.push(f.target, node.operator === 'eq' ? IS_NULL : IS_NOT_NULL);
      return;
    }
    return guarded(ctx, f, node.operator === 'ne', () => {
      ctx.out.push(f.target, comparison);
      pushParam(ctx, f, node.value);
    });
  }
  if (node.operator !== 'in' && node.operator !== 'nin') throw new Error(`casl-to-sql: operator "${node.operator}" cannot be translated`);
  if (!Array.isArray(node.value)) throw new Error(`casl-to-sql: ${node.operator} needs a list for ${ctx.subject}.${node.field}`);
  const values: unknown[] = node.value;
  if (values.length === 0) return void ctx.out.push(node.operator === 'in' ? FALSE : TRUE);
  guarded(ctx, f, node.operator === 'nin', () => {
    ctx.out.push(f.target, node.operator === 'in' ? IN : NOT_IN);
    values.forEach((value, i) => {
      if (i > 0) ctx.out.push(COMMA);
      pushParam(ctx, f, value);
    });
    ctx.out.push(CLOSE);
  });
}

function writeNode(node: TAstNode, ctx: TContext): void {
  if (typeof node.field === 'string') return writeField(node as TAstNode & { field: string }, ctx);
  const children = Array.isArray(node.value) ? (node.value as TAstNode[]) : [];
  if (node.operator === 'not') {
    if (children.length !== 1) throw new Error('casl-to-sql: "not" takes exactly one condition');
    ctx.out.push(NOT);
    writeNode(children[0] as TAstNode, ctx);
    return void ctx.out.push(CLOSE);
  }
  if (node.operator !== 'and' && node.operator !== 'or') throw new Error(`casl-to-sql: compound operator "${node.operator}" cannot be translated`);
  if (children.length === 0) return void ctx.out.push(node.operator === 'and' ? TRUE : FALSE);
  if (children.length === 1) return writeNode(children[0] as TAstNode, ctx);
  ctx.out.push(OPEN);
  children.forEach((child, i) => {
    if (i > 0) ctx.out.push(node.operator === 'and' ? AND : OR);
    writeNode(child, ctx);
  });
  ctx.out.push(CLOSE);
}

export function conditionAstToSql(ast: TAstNode, subject: TConcreteSubject, columns: Record<string, TSqlTarget>): SQL {
  const ctx: TContext = { subject, columns, fields: new Map(), out: [] };
  writeNode(ast, ctx);
  return sql.fromList(ctx.out);
}
