/**
 * One condition of a rule: a filterable field of the subject, an operator its type allows,
 * and a value (or the actor placeholder the field accepts). Controlled; no state of its own.
 */
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Select } from '@/components/ui/select';
import { CONDITION_OPERATORS, OPERATORS_BY_TYPE, type TConditionOperator } from '@/lib/permissions/condition-operators';
import { ACTOR_PLACEHOLDERS, LIST_PLACEHOLDERS } from '@/lib/permissions/placeholders';
import type { TFieldSpec } from '@/lib/permissions/subject-fields';
import { describedBy, FieldMessages } from './field-messages';
import { isListOperator, type TConditionDraft } from './rule-draft';

type TProps = {
  idBase: string;
  position: number;
  row: TConditionDraft;
  /** The subject's filterable fields and their specs. */
  fields: [string, TFieldSpec][];
  messages: string[];
  onChange: (row: TConditionDraft) => void;
  onRemove: () => void;
};

const HINTS: Record<TFieldSpec['type'], string> = {
  number: 'A whole number',
  date: 'ISO 8601 with a time zone, e.g. 2026-01-31T00:00:00Z',
  uuid: 'A UUID',
  string: 'Text',
  enum: 'One of the listed values',
  boolean: 'true or false',
};

function valueHint(spec: TFieldSpec | undefined, list: boolean): string {
  if (!spec) return '';
  const base = spec.type === 'enum' ? `One of: ${spec.values?.join(', ')}` : HINTS[spec.type];
  return list ? `${base}. Separate values with commas.` : base;
}

/** The placeholder offered for this field and operator, if any (list placeholders only fit $in / $nin). */
function placeholderFor(spec: TFieldSpec | undefined, op: TConditionOperator) {
  const p = spec?.placeholder;
  if (!p) return undefined;
  return LIST_PLACEHOLDERS.includes(p) === isListOperator(op) ? p : undefined;
}

function ValueControl({ id, row, spec, hintId, messages, onChange }: { id: string; row: TConditionDraft; spec: TFieldSpec | undefined; hintId: string; messages: string[]; onChange: (value: string) => void }) {
  const aria = describedBy(`${id}-messages`, messages, hintId);
  const choices = spec?.type === 'boolean' ? ['true', 'false'] : spec?.type === 'enum' && !isListOperator(row.operator) ? (spec.values ?? []) : null;
  if (choices) {
    return (
      <Select id={id} value={row.value} onChange={(e) => onChange(e.target.value)} disabled={row.usePlaceholder} {...aria}>
        <option value="">Choose…</option>
        {choices.map((c) => <option key={c} value={c}>{c}</option>)}
      </Select>
    );
  }
  return <Input id={id} value={row.value} onChange={(e) => onChange(e.target.value)} disabled={row.usePlaceholder} autoComplete="off" {...aria} />;
}

/** A new field keeps the operator only when its type allows it; the old value would not fit. */
function withField(row: TConditionDraft, field: string, fields: [string, TFieldSpec][]): TConditionDraft {
  const spec = fields.find(([name]) => name === field)?.[1];
  const allowed = spec ? OPERATORS_BY_TYPE[spec.type] : [];
  return { ...row, field, operator: allowed.includes(row.operator) ? row.operator : (allowed[0] ?? '$eq'), value: '', usePlaceholder: false };
}

export function ConditionRow({ idBase, position, row, fields, messages, onChange, onRemove }: TProps) {
  const spec = fields.find(([name]) => name === row.field)?.[1];
  const operators = spec ? OPERATORS_BY_TYPE[spec.type] : [];
  const placeholder = placeholderFor(spec, row.operator);
  const id = (part: string) => `${idBase}-${part}`;
  return (
    <fieldset className="grid gap-3 rounded-md border p-3 sm:grid-cols-[1fr_1fr_2fr_auto] sm:items-start">
      <legend className="px-1 text-sm font-medium">Condition {position}</legend>
      <div className="grid gap-2">
        <Label htmlFor={id('field')}>Field</Label>
        <Select id={id('field')} value={row.field} onChange={(e) => onChange(withField(row, e.target.value, fields))}>
          {fields.map(([name]) => <option key={name} value={name}>{name}</option>)}
        </Select>
      </div>
      <div className="grid gap-2">
        <Label htmlFor={id('operator')}>Operator</Label>
        <Select id={id('operator')} value={row.operator} onChange={(e) => onChange({ ...row, operator: e.target.value as TConditionOperator, usePlaceholder: false })}>
          {operators.map((op) => <option key={op} value={op}>{CONDITION_OPERATORS[op]}</option>)}
        </Select>
      </div>
      <div className="grid gap-2">
        <Label htmlFor={id('value')}>{isListOperator(row.operator) ? 'Values' : 'Value'}</Label>
        <ValueControl id={id('value')} row={row} spec={spec} hintId={id('hint')} messages={messages} onChange={(value) => onChange({ ...row, value })} />
        <p id={id('hint')} className="text-xs text-muted-foreground">{valueHint(spec, isListOperator(row.operator))}</p>
        {placeholder ? (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" className="size-4 accent-primary" checked={row.usePlaceholder} onChange={(e) => onChange({ ...row, usePlaceholder: e.target.checked })} />
            Compare with {ACTOR_PLACEHOLDERS[placeholder].replace(/^The /, 'the ')}
          </label>
        ) : null}
        <FieldMessages id={`${id('value')}-messages`} messages={messages} />
      </div>
      <Button type="button" variant="outline" size="sm" className="sm:mt-6" onClick={onRemove} aria-label={`Remove condition ${position}`}>
        Remove
      </Button>
    </fieldset>
  );
}
