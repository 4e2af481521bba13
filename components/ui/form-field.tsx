import { cloneElement, useId, type ReactElement, type ReactNode } from 'react';
import { cn } from '@/lib/utils';
import { Label } from './label';

type TControlProps = { id?: string; required?: boolean; 'aria-describedby'?: string; 'aria-invalid'?: boolean };

type TFormFieldProps = {
  label: ReactNode;
  /** The single form control (Input, Textarea, Select…); it receives id and ARIA wiring. */
  children: ReactElement<TControlProps>;
  description?: ReactNode;
  /** Validation message(s); marks the control aria-invalid and describes it. */
  error?: string | string[];
  required?: boolean;
  /** Control id; defaults to the child's own id, else a generated one. */
  id?: string;
  className?: string;
};

/**
 * Label + control + hint + error, wired so the label names the control and the hint and the
 * error are read with it (aria-describedby). The asterisk is aria-hidden: the control carries
 * `required`, so the accessible name stays exactly the label text.
 */
export function FormField({ label, children, description, error, required, id, className }: TFormFieldProps) {
  const generated = useId();
  const ownProps = children.props;
  const controlId = id ?? ownProps.id ?? `field${generated}`;
  const descriptionId = description ? `${controlId}-description` : undefined;
  const messages = error === undefined ? [] : Array.isArray(error) ? error : [error];
  const errorId = messages.length > 0 ? `${controlId}-error` : undefined;
  const describedBy = [ownProps['aria-describedby'], descriptionId, errorId].filter(Boolean).join(' ') || undefined;

  return (
    <div data-slot="form-field" className={cn('grid gap-2', className)}>
      <Label htmlFor={controlId}>
        {label}
        {required ? (
          <span aria-hidden="true" className="text-destructive">
            *
          </span>
        ) : null}
      </Label>
      {cloneElement(children, {
        id: controlId,
        'aria-describedby': describedBy,
        'aria-invalid': errorId ? true : ownProps['aria-invalid'],
        required: required ?? ownProps.required,
      })}
      {description ? (
        <p id={descriptionId} className="text-sm text-muted-foreground">
          {description}
        </p>
      ) : null}
      {errorId ? (
        <p id={errorId} className="text-sm font-medium text-destructive">
          {messages.join(' ')}
        </p>
      ) : null}
    </div>
  );
}
