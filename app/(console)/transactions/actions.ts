'use server';
import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { runAction } from '@/lib/http/action-result';
import { addTransactionNote } from '@/lib/review/add-transaction-note';
import { bulkAssign, bulkDecline } from '@/lib/review/bulk-review';
import { claimNextUnassigned } from '@/lib/review/claim-next-unassigned';
import { assignTransaction, claimTransaction, releaseClaim } from '@/lib/review/claim-transaction';
import { decideTransaction } from '@/lib/review/decide-transaction';
import { revealCustomerPii } from '@/lib/review/reveal-customer-pii';

const QUEUE = '/transactions';

function refresh(input: unknown) {
  revalidatePath(QUEUE);
  const id = input && typeof input === 'object' && 'transactionId' in input ? String(input.transactionId) : null;
  if (id && /^[0-9a-f-]{36}$/i.test(id)) revalidatePath(`${QUEUE}/${id}`);
}

export async function claimTransactionAction(input: unknown) {
  return runAction(async () => {
    const r = await claimTransaction(await getDb(), await getCurrentStaff(), input);
    refresh(input);
    return r;
  });
}

export async function releaseClaimAction(input: unknown) {
  return runAction(async () => {
    const r = await releaseClaim(await getDb(), await getCurrentStaff(), input);
    refresh(input);
    return r;
  });
}

export async function assignTransactionAction(input: unknown) {
  return runAction(async () => {
    const r = await assignTransaction(await getDb(), await getCurrentStaff(), input);
    refresh(input);
    return r;
  });
}

export async function claimNextUnassignedAction() {
  return runAction(async () => {
    const r = await claimNextUnassigned(await getDb(), await getCurrentStaff());
    revalidatePath(QUEUE);
    return r;
  });
}

export async function decideTransactionAction(input: unknown) {
  return runAction(async () => {
    const r = await decideTransaction(await getDb(), await getCurrentStaff(), input);
    refresh(input);
    return r;
  });
}

export async function addTransactionNoteAction(input: unknown) {
  return runAction(async () => {
    const r = await addTransactionNote(await getDb(), await getCurrentStaff(), input);
    refresh(input);
    return r;
  });
}

export async function bulkAssignTransactionsAction(input: unknown) {
  return runAction(async () => {
    const r = await bulkAssign(await getDb(), await getCurrentStaff(), input);
    revalidatePath(QUEUE);
    return r;
  });
}

export async function bulkDeclineTransactionsAction(input: unknown) {
  return runAction(async () => {
    const r = await bulkDecline(await getDb(), await getCurrentStaff(), input);
    revalidatePath(QUEUE);
    return r;
  });
}

/** Returns the plaintext to the one person who asked (audited as pii.revealed); never cached. */
export async function revealCustomerPiiAction(input: unknown) {
  return runAction(async () => revealCustomerPii(await getDb(), await getCurrentStaff(), input));
}
