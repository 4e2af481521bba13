/** The readable API page: renders the generated OpenAPI document (server component, no client JS). */
import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { flattenSchema } from './flatten-schema';

type TParam = { name: string; required?: boolean; description?: string };
type TOperation = { summary: string; parameters: TParam[]; responses: Record<string, { description: string }> };
type TDoc = {
  info: { title: string; description: string; version: string };
  paths: Record<string, Record<string, TOperation>>;
  components: { schemas: Record<string, Parameters<typeof flattenSchema>[0]> };
};

export function ApiReference({ document }: { document: Record<string, unknown> }) {
  const doc = document as unknown as TDoc;
  const body = doc.components.schemas.IngestTransaction ?? {};
  const result = doc.components.schemas.IngestResult ?? {};
  return (
    <div className="flex flex-col gap-6">
      <p className="max-w-prose text-sm text-muted-foreground">{doc.info.description}</p>
      {Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.entries(ops).map(([method, op]) => (
          <section key={`${method} ${path}`} aria-labelledby={`op-${method}`} className="flex flex-col gap-4">
            <h3 id={`op-${method}`} className="flex items-center gap-2 text-base font-semibold">
              <Badge variant="outline">{method.toUpperCase()}</Badge>
              <code className="font-mono text-sm">{path}</code>
              <span className="font-normal text-muted-foreground">{op.summary}</span>
            </h3>
            <FieldTable caption="Headers" rows={[{ path: 'Authorization', type: 'Bearer cst_…', required: true, rules: '', description: 'Service token with scope transactions:ingest' }, ...op.parameters.map((p) => ({ path: p.name, type: 'string', required: Boolean(p.required), rules: '', description: p.description ?? '' }))]} />
            <FieldTable caption="Request body (application/json, at most 64 KB)" rows={flattenSchema(body)} />
            <FieldTable caption="Response 201" rows={flattenSchema(result)} />
            <Table scrollLabel="Status codes">
              <TableCaption className="text-left">Status codes (every error is JSON: {'{ error: { code, message, issues? } }'})</TableCaption>
              <TableHeader>
                <TableRow>
                  <TableHead scope="col">Status</TableHead>
                  <TableHead scope="col">Meaning</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {Object.entries(op.responses).map(([status, r]) => (
                  <TableRow key={status}>
                    <TableCell className="font-mono">{status}</TableCell>
                    <TableCell>{r.description}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </section>
        )),
      )}
    </div>
  );
}

function FieldTable({ caption, rows }: { caption: string; rows: ReturnType<typeof flattenSchema> }) {
  return (
    <Table scrollLabel={caption}>
      <TableCaption className="text-left">{caption}</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHead scope="col">Field</TableHead>
          <TableHead scope="col">Type</TableHead>
          <TableHead scope="col">Required</TableHead>
          <TableHead scope="col">Rules</TableHead>
          <TableHead scope="col">Description</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.path}>
            <TableCell className="font-mono text-xs">{r.path}</TableCell>
            <TableCell className="max-w-48 text-xs break-words">{r.type}</TableCell>
            <TableCell>{r.required ? 'yes' : 'no'}</TableCell>
            <TableCell className="max-w-48 font-mono text-xs break-all">{r.rules}</TableCell>
            <TableCell className="text-xs">{r.description}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
