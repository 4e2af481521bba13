/** Every encrypted column in the database, for key rotation (AAD uses these SQL names). */
export type TEncryptedTable = { table: string; idColumn: string; columns: readonly string[] };

export const ENCRYPTED_TABLES: readonly TEncryptedTable[] = [
  { table: 'customers', idColumn: 'id', columns: ['name_enc', 'email_enc', 'phone_enc', 'address_enc', 'date_of_birth_enc'] },
  { table: 'service_tokens', idColumn: 'id', columns: ['hmac_secret_enc'] },
  { table: 'service_token_pickups', idColumn: 'token_id', columns: ['secret_enc'] },
];
