/**
 * The audit history of one record, for its own page (a staff member, role, approval request
 * or transaction): `<AuditTimeline targetType="role" targetId={role.id} />`, or what a staff
 * member did: `<AuditTimeline actorId={staff.id} title="Their recent actions" />`. A server
 * component: it reads with the viewer's own AuditEvent rules and renders nothing for people
 * who may not read the audit log (so embedding it never causes a refusal).
 */
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { getDb } from '@/db/client';
import { auditTimeline, type TTimelineSubject } from '@/lib/audit/browse/audit-timeline';
import { listAuditEvents } from '@/lib/audit/browse/list-audit-events';
import { getCurrentStaff } from '@/lib/auth/current-staff';

type TProps = ({ targetType: string; targetId: string } | { actorId: string }) & {
  title?: string;
  limit?: number;
  /** Further chains holding events of the same record (a transaction's ingest event lives on its ingest chain). */
  alsoChains?: string[];
};

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });
const RESULT_VARIANT = { success: 'outline', denied: 'destructive', failure: 'secondary' } as const;

function subjectOf(props: TProps): TTimelineSubject {
  return 'actorId' in props ? { actorId: props.actorId } : { targetType: props.targetType, targetId: props.targetId };
}

function fullHistoryHref(subject: TTimelineSubject): string {
  const q: Record<string, string> = 'actorId' in subject ? { actor: subject.actorId } : { targetType: subject.targetType, targetId: subject.targetId };
  return `/audit?${new URLSearchParams(q).toString()}`;
}

export async function AuditTimeline(props: TProps) {
  const actor = await getCurrentStaff();
  if (!actor.ability.can('read', 'AuditEvent')) return null;
  const subject = subjectOf(props);
  const db = await getDb();
  const page = await auditTimeline(db, actor, subject);
  const scope = 'actorId' in subject ? { actor: subject.actorId } : { targetType: subject.targetType, targetId: subject.targetId };
  const others = await Promise.all((props.alsoChains ?? []).map((chain) => listAuditEvents(db, actor, { ...scope, chain, limit: '50' })));
  // Newest first across chains (each chain's seq is its own; time is what they share).
  const chains = ['main', ...(props.alsoChains ?? [])];
  const merged = [page, ...others]
    .flatMap((p, i) => p.events.map((e) => ({ ...e, chain: chains[i]! })))
    .sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime());
  const events = merged.slice(0, props.limit ?? 20);
  const headingId = `timeline-${('actorId' in subject ? `actor-${subject.actorId}` : `${subject.targetType}-${subject.targetId}`).replace(/[^A-Za-z0-9_-]/g, '')}`;
  return (
    <section aria-labelledby={headingId} className="grid gap-3">
      <div className="flex items-baseline justify-between gap-3">
        <h2 id={headingId} className="text-lg font-semibold">{props.title ?? 'Audit history'}</h2>
        <Link href={fullHistoryHref(subject)} className="text-sm underline underline-offset-4">Full history in the audit log</Link>
      </div>
      {events.length === 0 ? (
        <p className="text-sm text-muted-foreground">No recorded events yet.</p>
      ) : (
        <ol className="grid gap-2 border-s ps-4 text-sm">
          {events.map((e) => (
            <li key={e.id} className="grid gap-0.5">
              <span>
                <Link href={`/audit/${e.id}`} className="font-medium underline-offset-4 hover:underline">{e.label}</Link>{' '}
                <Badge variant={RESULT_VARIANT[e.result]}>{e.result}</Badge>
              </span>
              <span className="text-xs text-muted-foreground">
                <time dateTime={e.occurredAt.toISOString()}>{when.format(e.occurredAt)} UTC</time> · by{' '}
                {e.actor.type === 'staff' ? (e.actor.name ?? e.actor.id) : e.actor.type} · {e.chain === 'main' ? '' : `${e.chain} `}#{e.seq}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
