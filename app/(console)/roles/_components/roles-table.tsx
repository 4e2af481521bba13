/** The roles list: each name links to its editor. */
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { TRoleSummary } from '@/lib/roles/types';

export function RolesTable({ roles }: { roles: TRoleSummary[] }) {
  return (
    <Table scrollLabel="Roles">
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Description</TableHead>
          <TableHead className="text-end">Rules</TableHead>
          <TableHead className="text-end">Staff assigned</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {roles.map((role) => (
          <TableRow key={role.id}>
            <TableCell className="font-medium">
              <span className="flex items-center gap-2">
                <Link href={`/roles/${role.id}`} className="underline-offset-4 hover:underline">{role.name}</Link>
                {role.builtIn ? <Badge variant="secondary">Built-in</Badge> : null}
              </span>
            </TableCell>
            <TableCell className="max-w-md whitespace-normal text-muted-foreground">{role.description || '—'}</TableCell>
            <TableCell className="text-end tabular-nums">{role.ruleCount}</TableCell>
            <TableCell className="text-end tabular-nums">{role.assignedCount}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
