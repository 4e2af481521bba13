/** The action-type registry: every type imported by ./action-types/index.ts, looked up by key. */
import { AppError } from '@/lib/errors';
import './action-types';
import { registeredActionTypes, type TAnyActionType } from './action-type';

export function getActionType(key: string): TAnyActionType {
  const found = registeredActionTypes().get(key);
  if (!found) throw new AppError('VALIDATION', `actionType: unknown action type "${key.slice(0, 64)}"`, { issues: [{ path: 'actionType', message: 'Unknown action type' }] });
  return found;
}

export function findActionType(key: string): TAnyActionType | undefined {
  return registeredActionTypes().get(key);
}

export function listActionTypes(): { key: string; label: string }[] {
  return [...registeredActionTypes().values()].map((t) => ({ key: t.key, label: t.label })).sort((a, b) => a.key.localeCompare(b.key));
}
