/** The actions of a rule: only those that apply to its subject (SUBJECT_ACTIONS), plus `manage`. */
import { SUBJECT_ACTIONS } from '@/lib/permissions/subject-actions';
import { ACTION_NAMES, ACTIONS, type TAction, type TSubject } from '@/lib/permissions/vocabulary';
import { describedBy, FieldMessages } from './field-messages';

export function actionsFor(subject: TSubject): TAction[] {
  if (subject === 'all') return ACTION_NAMES;
  return ['manage', ...SUBJECT_ACTIONS[subject]];
}

export function ActionCheckboxes(props: { idBase: string; subject: TSubject; value: TAction[]; messages: string[]; onChange: (actions: TAction[]) => void }) {
  const messagesId = `${props.idBase}-messages`;
  const toggle = (action: TAction, on: boolean) =>
    props.onChange(on ? actionsFor(props.subject).filter((a) => a === action || props.value.includes(a)) : props.value.filter((a) => a !== action));
  return (
    <fieldset className="grid gap-2" {...describedBy(messagesId, props.messages)}>
      <legend className="mb-1 text-sm font-medium">Actions</legend>
      <div className="grid gap-x-4 gap-y-2 sm:grid-cols-2">
        {actionsFor(props.subject).map((action) => (
          // The description is a description, not part of the name: "reveal" must not match "Reason".
          <div key={action} className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              id={`${props.idBase}-${action}`}
              aria-describedby={`${props.idBase}-${action}-hint`}
              className="mt-0.5 size-4 shrink-0 accent-primary"
              checked={props.value.includes(action)}
              onChange={(e) => toggle(action, e.target.checked)}
            />
            <span>
              <label htmlFor={`${props.idBase}-${action}`} className="font-mono">{action}</label>
              <span id={`${props.idBase}-${action}-hint`} className="block text-xs text-muted-foreground">{ACTIONS[action]}</span>
            </span>
          </div>
        ))}
      </div>
      <FieldMessages id={messagesId} messages={props.messages} />
    </fieldset>
  );
}
