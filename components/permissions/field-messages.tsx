/** Validation messages under a control; the id lets the control name them in aria-describedby. */
export function FieldMessages({ id, messages }: { id: string; messages: readonly string[] }) {
  if (messages.length === 0) return null;
  return (
    <ul id={id} className="text-sm font-medium text-destructive">
      {messages.map((m, i) => (
        <li key={i}>{m}</li>
      ))}
    </ul>
  );
}

/** aria-describedby / aria-invalid for a control whose messages render with the given id. */
export function describedBy(id: string, messages: readonly string[], hint?: string) {
  const ids = [hint, messages.length ? id : undefined].filter(Boolean).join(' ');
  return { 'aria-describedby': ids || undefined, 'aria-invalid': messages.length > 0 || undefined };
}
