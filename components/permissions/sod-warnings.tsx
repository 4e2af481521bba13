/**
 * Live separation-of-duties warnings and the acknowledgement the server requires to save a
 * role that has them (the audit event records it).
 */
import { TriangleAlert } from 'lucide-react';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import type { TSodWarning } from '@/lib/permissions/separation-of-duties';
import { FieldMessages } from './field-messages';

type TProps = { idBase: string; warnings: TSodWarning[]; acknowledged: boolean; messages: string[]; onAcknowledge: (value: boolean) => void };

export function SodWarnings({ idBase, warnings, acknowledged, messages, onAcknowledge }: TProps) {
  if (warnings.length === 0) return null;
  return (
    <Alert variant="warning" aria-labelledby={`${idBase}-title`}>
      <TriangleAlert aria-hidden />
      <AlertTitle id={`${idBase}-title`}>Separation of duties</AlertTitle>
      <AlertDescription>
        <ul className="list-disc ps-4">
          {warnings.map((w) => (
            <li key={w.code}>
              {w.message} ({w.ruleIndexes.length === 1 ? 'rule' : 'rules'} {w.ruleIndexes.map((i) => i + 1).join(', ')})
            </li>
          ))}
        </ul>
        <label className="mt-3 flex items-center gap-2 font-medium">
          <input type="checkbox" className="size-4 accent-primary" checked={acknowledged} onChange={(e) => onAcknowledge(e.target.checked)} aria-describedby={messages.length ? `${idBase}-messages` : undefined} />
          I acknowledge the separation-of-duties conflict
        </label>
        <FieldMessages id={`${idBase}-messages`} messages={acknowledged ? [] : messages} />
      </AlertDescription>
    </Alert>
  );
}
