/** Flattens a JSON Schema object into one row per field (dotted path) for the readable API page. */
type TSchema = {
  type?: string | string[];
  properties?: Record<string, TSchema>;
  required?: string[];
  items?: TSchema;
  enum?: unknown[];
  anyOf?: TSchema[];
  description?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
};

export type TFieldRow = { path: string; type: string; required: boolean; rules: string; description: string };

function typeOf(s: TSchema): string {
  if (s.anyOf) return s.anyOf.map(typeOf).join(' | ');
  if (s.enum) return s.enum.length > 12 ? `enum (${s.enum.length} values)` : s.enum.map(String).join(' | ');
  if (s.type === 'array') return `${typeOf(s.items ?? {})}[]`;
  return [s.format, Array.isArray(s.type) ? s.type.join(' | ') : s.type].filter(Boolean).join(' ') || 'any';
}

function rulesOf(s: TSchema): string {
  const parts: string[] = [];
  if (s.minimum !== undefined) parts.push(`≥ ${s.minimum}`);
  if (s.maximum !== undefined) parts.push(`≤ ${s.maximum}`);
  if (s.minLength !== undefined || s.maxLength !== undefined) parts.push(`${s.minLength ?? 0}–${s.maxLength ?? '∞'} chars`);
  if (s.pattern) parts.push(`pattern ${s.pattern}`);
  return parts.join(', ');
}

export function flattenSchema(schema: TSchema, prefix = '', parentRequired = true): TFieldRow[] {
  const rows: TFieldRow[] = [];
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    const required = parentRequired && (schema.required ?? []).includes(name);
    const isObject = child.type === 'object' && child.properties;
    rows.push({ path, type: isObject ? 'object' : typeOf(child), required, rules: rulesOf(child), description: child.description ?? '' });
    if (isObject) rows.push(...flattenSchema(child, path, required));
  }
  return rows;
}
