'use client';
/**
 * Single-key shortcuts for the review screens. Keys typed into a field, with a modifier, or
 * while a dialog is open are left alone, so shortcuts never steal text from an input.
 */
import { useEffect, useRef } from 'react';

export const REVIEW_SHORTCUTS: [string, string][] = [
  ['j', 'Move to the next item'],
  ['k', 'Move to the previous item'],
  ['c', 'Claim the current item'],
  ['n', 'Claim the next unassigned item'],
  ['r', 'Release the current item'],
  ['d', 'Decline the current item'],
  ['e', 'Escalate the current item'],
  ['?', 'Show these shortcuts'],
];

function typingInto(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function useShortcuts(handlers: Partial<Record<string, () => void>>): void {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typingInto(e.target)) return;
      if (document.querySelector('[role="dialog"], [role="alertdialog"]')) return;
      const run = latest.current[e.key];
      if (!run) return;
      e.preventDefault();
      run();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
