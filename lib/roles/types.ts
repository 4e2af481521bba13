/** What the role use cases return: plain data, safe to pass to client components. */
import type { TRoleRule } from '@/db/schema';

export type TRoleSummary = {
  id: string;
  key: string;
  name: string;
  description: string;
  builtIn: boolean;
  ruleCount: number;
  assignedCount: number;
};

export type TRoleDetail = {
  id: string;
  key: string;
  name: string;
  description: string;
  builtIn: boolean;
  rules: TRoleRule[];
  assignedCount: number;
  /** ISO timestamp; the editor sends it back so a concurrent change is detected. */
  updatedAt: string;
  /** Cosmetic hints for the editor; every use case checks again. */
  can: { update: boolean; delete: boolean };
};

export type TMatrixCellState = 'allowed' | 'conditional' | 'denied';

export type TMatrixCell = { state: TMatrixCellState; conditions: string[] };

export type TPermissionMatrix = {
  roles: { id: string; name: string }[];
  rows: { subject: string; action: string; cells: TMatrixCell[] }[];
};
