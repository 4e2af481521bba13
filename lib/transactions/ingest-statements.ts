/**
 * The fixed-text statements of a group-commit ingest batch, run as named prepared statements
 * (db/prepared-statement.ts says why: one round trip instead of two on postgres.js). Each batch
 * item travels in ONE jsonb parameter, so the texts never change.
 */
import 'server-only';
import { runPrepared, type TPreparedStatement } from '@/db/prepared-statement';

export type TIngestStatement = TPreparedStatement;

/** Runs `statement` with `params` on `db` (a transaction or the pool) and returns its rows. */
export const runIngestStatement = runPrepared;

/** Claims keys in the order given (callers sort them: same lock order in every instance); returns the claimed ones. */
export const CLAIM_KEYS: TIngestStatement = {
  name: 'ingest_claim_keys',
  text: `insert into idempotency_keys (token_id, key, request_hash)
    select v.t, v.k, v.h from jsonb_to_recordset($1::jsonb) as v(t uuid, k text, h text)
    on conflict do nothing
    returning token_id, key`,
};

/** The externalIds of a batch (a jsonb array of strings) that are already stored. */
export const KNOWN_EXTERNAL_IDS: TIngestStatement = {
  name: 'ingest_known_external_ids',
  text: `select external_id from transactions
    where external_id = any (array(select jsonb_array_elements_text($1::jsonb)))`,
};

/** The stored customers of a batch's references (a jsonb array of strings): what changedPii needs, never a ciphertext. */
export const STORED_CUSTOMERS: TIngestStatement = {
  name: 'ingest_stored_customers',
  text: `select id, email_blind_index, phone_blind_index,
      name_enc is not null as has_name, address_enc is not null as has_address, date_of_birth_enc is not null as has_dob,
      external_ref
    from customers
    where external_ref = any (array(select jsonb_array_elements_text($1::jsonb)))`,
};

/** The customer columns a new customer is inserted with (the rest take their defaults). */
export const NEW_CUSTOMER_COLUMNS = [
  'id',
  'external_ref',
  'region',
  'name_enc',
  'email_enc',
  'phone_enc',
  'address_enc',
  'date_of_birth_enc',
  'email_blind_index',
  'phone_blind_index',
] as const;

/** Inserts new customers in the order given (callers sort them by reference); returns the ids inserted. */
export const INSERT_CUSTOMERS: TIngestStatement = {
  name: 'ingest_insert_customers',
  text: `insert into customers (${NEW_CUSTOMER_COLUMNS.join(', ')})
    select ${NEW_CUSTOMER_COLUMNS.join(', ')} from jsonb_populate_recordset(null::customers, $1::jsonb)
    on conflict (external_ref) do nothing
    returning id`,
};

export const COMPLETE_KEYS: TIngestStatement = {
  name: 'ingest_complete_keys',
  text: `update idempotency_keys k
    set status = 'completed', response_status = 201, response_body = v.b, completed_at = now()
    from jsonb_to_recordset($1::jsonb) as v(t uuid, k text, b jsonb)
    where k.token_id = v.t and k.key = v.k and k.status = 'in_progress'`,
};

export const RELEASE_KEYS: TIngestStatement = {
  name: 'ingest_release_keys',
  text: `delete from idempotency_keys k
    using jsonb_to_recordset($1::jsonb) as v(t uuid, k text)
    where k.token_id = v.t and k.key = v.k and k.status = 'in_progress'`,
};
