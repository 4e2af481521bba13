/**
 * Which guarded AuditEvent fields (ip, reason, data; place follows ip, before/after follow
 * data) an export may carry. A field goes out only when the actor may both read and export it
 * on every row: a column blank on some rows would be indistinguishable from an absent value.
 *
 * A JSONL bundle is verified offline by re-hashing every line, so it cannot lose a field and
 * still verify: with any field withheld it is refused (403, audited like every refusal). A CSV
 * is not verifiable anyway, so it leaves the withheld columns out, and with them `prev_hash`
 * and `hash`, against which a guessed hidden value could be confirmed.
 */
import 'server-only';
import type { TDb } from '@/db/types';
import type { TActor } from '@/lib/auth/current-staff';
import { denyAccess } from '@/lib/authz/authorize';
import { AppError } from '@/lib/errors';
import type { TAppAbility } from '@/lib/permissions/ability';
import { AUDIT_GUARDED_FIELDS } from '../browse/audit-event-dto';
import { fieldsNotAlways } from '../browse/audit-field-sql';
import { AUDIT_CSV_COLUMNS, type TAuditCsvColumn } from './csv';

export type TExportFieldPolicy = {
  /** Guarded fields left out of this actor's exports (AUDIT_GUARDED_FIELDS order); empty for a full export. */
  withheld: string[];
  csvColumns: readonly TAuditCsvColumn[];
};

const COLUMNS_OF: Record<string, readonly TAuditCsvColumn[]> = {
  ip: ['ip', 'place'],
  place: ['place'],
  reason: ['reason'],
  data: ['data', 'before', 'after'],
};

const NOUN_OF: Record<string, string> = { ip: 'IP addresses', place: 'places', reason: 'reasons', data: 'event details' };

export function exportFieldPolicy(ability: TAppAbility): TExportFieldPolicy {
  const hidden = new Set([...fieldsNotAlways(ability, 'read'), ...fieldsNotAlways(ability, 'export')]);
  const withheld = AUDIT_GUARDED_FIELDS.filter((f) => hidden.has(f));
  const dropped = new Set<TAuditCsvColumn>(withheld.flatMap((f) => COLUMNS_OF[f] ?? []));
  if (dropped.size > 0) for (const c of ['prev_hash', 'hash'] as const) dropped.add(c);
  return { withheld, csvColumns: AUDIT_CSV_COLUMNS.filter((c) => !dropped.has(c)) };
}

/** "IP addresses and reasons": the withheld fields in words, for messages. */
export function describeWithheld(withheld: readonly string[]): string {
  const nouns = withheld.map((f) => NOUN_OF[f] ?? f);
  return nouns.length > 1 ? `${nouns.slice(0, -1).join(', ')} and ${nouns.at(-1)}` : (nouns[0] ?? '');
}

/** Records the refusal of a JSONL bundle that would have to drop fields, and returns the error to throw. */
export async function refuseUnverifiableBundle(db: TDb, actor: TActor, chain: string, withheld: readonly string[]): Promise<AppError> {
  await denyAccess(db, actor, { action: 'export', subject: 'AuditEvent', targetId: chain });
  return new AppError(
    'FORBIDDEN',
    `A verifiable JSONL bundle must hold every field of every event, and your role hides ${describeWithheld(withheld)}. ` +
      'Export CSV instead: it leaves those columns (and the hashes) out.',
  );
}
