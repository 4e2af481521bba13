/** Optional field limits of a rule: the rule then applies only to these fields of the subject. */
import { fieldNamesOf } from '@/lib/permissions/subject-fields';
import type { TSubject } from '@/lib/permissions/vocabulary';
import { describedBy, FieldMessages } from './field-messages';

export function FieldCheckboxes(props: { idBase: string; subject: TSubject; value: string[]; messages: string[]; onChange: (fields: string[]) => void }) {
  if (props.subject === 'all') return <p className="text-sm text-muted-foreground">Rules on every subject cannot be limited to fields.</p>;
  const names = fieldNamesOf(props.subject);
  const messagesId = `${props.idBase}-messages`;
  const toggle = (field: string, on: boolean) => props.onChange(on ? names.filter((f) => f === field || props.value.includes(f)) : props.value.filter((f) => f !== field));
  return (
    <details className="rounded-md border p-3" open={props.value.length > 0}>
      <summary className="cursor-pointer text-sm font-medium">
        Limit to fields (optional){props.value.length ? `: ${props.value.length} chosen` : ''}
      </summary>
      <fieldset className="mt-3 grid gap-2" {...describedBy(messagesId, props.messages)}>
        <legend className="sr-only">Fields</legend>
        <p className="text-xs text-muted-foreground">None chosen: the rule covers every field.</p>
        <div className="grid gap-x-4 gap-y-2 sm:grid-cols-3">
          {names.map((field) => (
            <label key={field} className="flex items-center gap-2 font-mono text-sm">
              <input type="checkbox" className="size-4 accent-primary" checked={props.value.includes(field)} onChange={(e) => toggle(field, e.target.checked)} />
              {field}
            </label>
          ))}
        </div>
        <FieldMessages id={messagesId} messages={props.messages} />
      </fieldset>
    </details>
  );
}
