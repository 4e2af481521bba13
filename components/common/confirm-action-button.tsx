'use client';
import { useState } from 'react';
import { toast } from '@/components/ui/sonner';
import {
  AlertDialog, AlertDialogAction, AlertDialogCancel, AlertDialogContent, AlertDialogDescription,
  AlertDialogFooter, AlertDialogHeader, AlertDialogTitle, AlertDialogTrigger,
} from '@/components/ui/alert-dialog';
import { Button } from '@/components/ui/button';

type TResult = { ok: true } | { ok: false; message: string };

/**
 * A button that asks for confirmation with a summary of exactly what will happen, runs the
 * action, shows a pending state and reports the outcome in a toast.
 */
export function ConfirmActionButton(props: {
  label: string;
  accessibleLabel?: string;
  title: string;
  summary: string;
  confirmLabel: string;
  successMessage: string;
  destructive?: boolean;
  /** A server action with its arguments bound (`action.bind(null, id)`) or any client function. */
  run: () => Promise<TResult>;
}) {
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  async function confirm() {
    setPending(true);
    const result = await props.run();
    setPending(false);
    setOpen(false);
    if (result.ok) toast.success(props.successMessage);
    else toast.error(result.message);
  }
  return (
    <AlertDialog open={open} onOpenChange={setOpen}>
      <AlertDialogTrigger asChild>
        <Button type="button" size="sm" variant={props.destructive ? 'destructive' : 'outline'} aria-label={props.accessibleLabel ?? props.label} loading={pending}>
          {props.label}
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>{props.title}</AlertDialogTitle>
          <AlertDialogDescription>{props.summary}</AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel disabled={pending}>Cancel</AlertDialogCancel>
          <AlertDialogAction
            disabled={pending}
            onClick={(e) => {
              e.preventDefault();
              void confirm();
            }}
          >
            {props.confirmLabel}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
