'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { toast } from '@/components/ui/sonner';
import { Textarea } from '@/components/ui/textarea';
import type { TActionResult } from '@/lib/http/action-result';
import { ZRiskRuleSetDefinition, type TRiskRuleSetDefinition } from '@/lib/risk/rule-set-schema';
import { LIST_FIELDS, NUMBER_FIELDS, fromForm, toForm, type TFormValues } from './rule-set-form-values';

type TProps = {
  id: string;
  updatedAt: string;
  note: string;
  definition: TRiskRuleSetDefinition;
  save: (input: unknown) => Promise<TActionResult<{ updatedAt: string; changes: string[] }>>;
};

/** Edits a draft; validated with the server's schema before sending, and again on the server. */
export function RuleSetEditor({ id, updatedAt, note, definition, save }: TProps) {
  const router = useRouter();
  const [values, setValues] = useState<TFormValues>(() => toForm(definition, note));
  const [version, setVersion] = useState(updatedAt);
  const [errors, setErrors] = useState<string[]>([]);
  const [pending, start] = useTransition();
  const set = (key: string, value: string) => setValues((v) => ({ ...v, [key]: value }));

  function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    const parsed = ZRiskRuleSetDefinition.safeParse(fromForm(values));
    if (!parsed.success) {
      setErrors(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
      return;
    }
    start(async () => {
      const r = await save({ id, updatedAt: version, definition: parsed.data, note: values.note });
      if (!r.ok) {
        setErrors(r.issues?.map((i) => `${i.path}: ${i.message}`) ?? [r.message]);
        return void toast.error(r.message);
      }
      setErrors([]);
      setVersion(r.data.updatedAt);
      toast.success(`Draft saved (${r.data.changes.length} change${r.data.changes.length === 1 ? '' : 's'})`);
      router.refresh();
    });
  }

  return (
    <form onSubmit={onSubmit} className="grid gap-6" aria-labelledby="editor-heading">
      <h2 id="editor-heading" className="text-lg font-semibold">Edit draft</h2>
      {errors.length ? (
        <div role="alert" className="rounded-md border border-destructive p-3 text-sm text-destructive">
          <p className="font-medium">Fix these before saving:</p>
          <ul className="list-disc pl-5">{errors.slice(0, 10).map((m) => <li key={m}>{m}</li>)}</ul>
        </div>
      ) : null}
      <fieldset className="grid gap-4 sm:grid-cols-3 lg:grid-cols-4">
        <legend className="mb-2 font-medium">Thresholds, limits and weights</legend>
        {NUMBER_FIELDS.map(([key, label]) => (
          <FormField key={key} label={label}>
            <Input inputMode="decimal" value={values[key] ?? ''} onChange={(e) => set(key, e.target.value)} />
          </FormField>
        ))}
        <FormField label="High score decision" description="review or decline">
          <Input value={values.highDecision ?? ''} onChange={(e) => set('highDecision', e.target.value)} />
        </FormField>
      </fieldset>
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 font-medium">Lists (one entry per line)</legend>
        {LIST_FIELDS.map(([key, label]) => (
          <FormField key={key} label={label}>
            <Textarea rows={3} value={values[key] ?? ''} onChange={(e) => set(key, e.target.value)} />
          </FormField>
        ))}
      </fieldset>
      <FormField label="Note" description="What the change is for (shown to approvers)">
        <Textarea rows={2} maxLength={1000} value={values.note ?? ''} onChange={(e) => set('note', e.target.value)} />
      </FormField>
      <div>
        <Button type="submit" disabled={pending}>{pending ? 'Saving…' : 'Save draft'}</Button>
      </div>
    </form>
  );
}
