/** Roles × (subject, action). One tbody per subject, whose name heads its rows. */
import type { TPermissionMatrix } from '@/lib/roles/types';
import { MatrixCellView } from './matrix-cell';

export function PermissionMatrixTable({ matrix }: { matrix: TPermissionMatrix }) {
  const subjects = [...new Set(matrix.rows.map((r) => r.subject))];
  return (
    <div role="region" aria-label="Permission matrix" tabIndex={0} className="overflow-x-auto rounded-md border">
      <table className="w-full text-sm">
        <caption className="sr-only">Permissions of each role for each subject and action</caption>
        <thead className="bg-muted/50">
          <tr className="border-b">
            <th scope="col" className="p-2 text-start font-medium">Subject</th>
            <th scope="col" className="p-2 text-start font-medium">Action</th>
            {matrix.roles.map((role) => (
              <th key={role.id} scope="col" className="p-2 text-center font-medium">{role.name}</th>
            ))}
          </tr>
        </thead>
        {subjects.map((subject) => {
          const rows = matrix.rows.filter((r) => r.subject === subject);
          return (
            <tbody key={subject} className="border-b last:border-b-0">
              {rows.map((row, i) => (
                <tr key={row.action} className="hover:bg-muted/40">
                  {i === 0 ? (
                    <th scope="rowgroup" rowSpan={rows.length} className="border-e p-2 text-start align-top font-medium">{subject}</th>
                  ) : null}
                  <th scope="row" className="p-2 text-start font-mono font-normal">{row.action}</th>
                  {row.cells.map((cell, c) => (
                    <td key={matrix.roles[c]?.id ?? c} className="p-1 text-center">
                      <MatrixCellView cell={cell} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          );
        })}
      </table>
    </div>
  );
}
