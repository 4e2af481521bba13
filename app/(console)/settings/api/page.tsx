import type { Metadata } from 'next';
import Link from 'next/link';
import { ApiReference } from '@/components/api-docs/api-reference';
import { ConfirmActionButton } from '@/components/common/confirm-action-button';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { getDb } from '@/db/client';
import { getCurrentStaff } from '@/lib/auth/current-staff';
import { env } from '@/lib/env';
import { guardPage } from '@/lib/http/page-guard';
import { listServiceTokens, type TServiceTokenDto } from '@/lib/service-tokens/list-service-tokens';
import { buildIngestOpenApi } from '@/lib/transactions/ingest-openapi';
import { PickupTokenButton } from './_components/pickup-token-button';
import { RequestTokenDialog } from './_components/request-token-dialog';
import { revokeServiceTokenAction } from './actions';

export const metadata: Metadata = { title: 'API access' };

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const STATUS_VARIANT = { active: 'success', revoked: 'destructive', expired: 'secondary' } as const;

export default async function ApiSettingsPage() {
  const db = await getDb();
  const actor = await getCurrentStaff();
  const tokens = await guardPage(() => listServiceTokens(db, actor));
  return (
    <>
      <PageHeader
        title="API access"
        description="Service tokens let the payment core submit transactions. Tokens are created only through an approved request, shown once, stored hashed, and can be revoked at any time."
        actions={<RequestTokenDialog />}
      />
      <section aria-labelledby="tokens-heading" className="mb-10">
        <h2 id="tokens-heading" className="mb-3 text-lg font-semibold">Service tokens</h2>
        {tokens.length === 0 ? <EmptyState headingLevel={3} title="No service tokens yet" description="Request one; it is created when an administrator and a compliance officer approve." /> : <TokenTable tokens={tokens} />}
      </section>
      <section aria-labelledby="reference-heading">
        <h2 id="reference-heading" className="mb-1 text-lg font-semibold">API reference</h2>
        <p className="mb-4 text-sm text-muted-foreground">
          Machine-readable: <Link href="/api/v1/openapi.json" className="underline underline-offset-4">OpenAPI 3.1 document</Link>.
        </p>
        <ApiReference document={buildIngestOpenApi(env().publicOrigin)} />
      </section>
    </>
  );
}

function TokenTable({ tokens }: { tokens: TServiceTokenDto[] }) {
  return (
    <Table scrollLabel="Service tokens">
      <TableCaption className="sr-only">Service tokens</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHead scope="col">Name</TableHead>
          <TableHead scope="col">Prefix</TableHead>
          <TableHead scope="col">Scopes</TableHead>
          <TableHead scope="col">Status</TableHead>
          <TableHead scope="col">Expires (UTC)</TableHead>
          <TableHead scope="col">Last used (UTC)</TableHead>
          <TableHead scope="col">Requested by</TableHead>
          <TableHead scope="col"><span className="sr-only">Actions</span></TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {tokens.map((t) => (
          <TableRow key={t.id}>
            <TableCell className="font-medium">
              {t.name}
              {t.requireSignature ? <span className="block text-xs text-muted-foreground">signed requests required</span> : null}
            </TableCell>
            <TableCell className="font-mono text-xs">{t.prefix}…</TableCell>
            <TableCell className="text-xs">{t.scopes.join(', ')}</TableCell>
            <TableCell><Badge variant={STATUS_VARIANT[t.status]}>{t.status}</Badge></TableCell>
            <TableCell>{when.format(t.expiresAt)}</TableCell>
            <TableCell>{t.lastUsedAt ? when.format(t.lastUsedAt) : 'never'}</TableCell>
            <TableCell>{t.createdByName ?? '—'}</TableCell>
            <TableCell className="flex gap-2">
              {t.pickupWaiting && t.status === 'active' ? <PickupTokenButton tokenId={t.id} name={t.name} /> : null}
              {t.status === 'active' ? (
                <ConfirmActionButton
                  label="Revoke"
                  accessibleLabel={`Revoke token ${t.name}`}
                  title={`Revoke "${t.name}"?`}
                  summary={`Requests with token ${t.prefix}… are refused from now on. This cannot be undone; a new token needs a new approval.`}
                  confirmLabel="Revoke token"
                  successMessage="Token revoked"
                  destructive
                  run={revokeServiceTokenAction.bind(null, t.id)}
                />
              ) : null}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
