'use client';
/**
 * "Delete role" with a confirmation naming the role and its rule count. While the role is
 * built in or assigned, the button is disabled and the reason is shown beside it (the server
 * refuses those deletions anyway).
 */
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import {
  AlertDialog, AlertDialogAction, AlertDialogCancel, AlertDialogContent, AlertDialogDescription,
  AlertDialogFooter, AlertDialogHeader, AlertDialogTitle, AlertDialogTrigger,
} from '@/components/ui/alert-dialog';
import { Button } from '@/components/ui/button';
import { toast } from '@/components/ui/sonner';
import { deleteRoleAction } from '../actions';

type TProps = { roleId: string; name: string; ruleCount: number; builtIn: boolean; assignedCount: number };

function blockedBecause({ builtIn, assignedCount }: TProps): string | null {
  if (builtIn) return 'Built-in roles cannot be deleted.';
  if (assignedCount > 0) return `Assigned to ${assignedCount} staff ${assignedCount === 1 ? 'member' : 'members'}: remove it from them before deleting.`;
  return null;
}

export function DeleteRoleButton(props: TProps) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const blocked = blockedBecause(props);
  if (blocked) {
    return (
      <div className="flex flex-col items-start gap-1 sm:items-end">
        <Button type="button" variant="destructive" disabled aria-describedby="delete-role-blocked">Delete role</Button>
        <p id="delete-role-blocked" className="max-w-xs text-xs text-muted-foreground sm:text-end">{blocked}</p>
      </div>
    );
  }
  async function confirm() {
    setPending(true);
    const result = await deleteRoleAction(props.roleId);
    setPending(false);
    setOpen(false);
    if (!result.ok) {
      toast.error(result.message);
      return;
    }
    toast.success(`Role "${props.name}" deleted`);
    router.push('/roles');
  }
  return (
    <AlertDialog open={open} onOpenChange={setOpen}>
      <AlertDialogTrigger asChild>
        <Button type="button" variant="destructive" loading={pending}>Delete role</Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Delete &ldquo;{props.name}&rdquo;?</AlertDialogTitle>
          <AlertDialogDescription>
            The role and its {props.ruleCount} {props.ruleCount === 1 ? 'rule' : 'rules'} are removed for good. Nobody holds it now; the audit log keeps its last rules.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel disabled={pending}>Cancel</AlertDialogCancel>
          <AlertDialogAction
            variant="destructive"
            disabled={pending}
            onClick={(e) => {
              e.preventDefault();
              void confirm();
            }}
          >
            Delete role
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
